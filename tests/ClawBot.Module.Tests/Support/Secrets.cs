using System.Text.Json;

namespace ClawBot.Module.Tests.Support;

/// <summary>Reads every secret the store holds and checks that none appears in some text.</summary>
internal static class Secrets
{
    public static IReadOnlyList<string> InStore(string storePath)
    {
        var found = new List<string>();
        foreach (var file in Directory.GetFiles(storePath, "*.json"))
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(file));
            Collect(doc.RootElement, null, found);
        }
        return found;
    }

    private static void Collect(JsonElement e, string? key, List<string> found)
    {
        switch (e.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var p in e.EnumerateObject()) Collect(p.Value, p.Name, found);
                break;
            case JsonValueKind.Array:
                foreach (var x in e.EnumerateArray()) Collect(x, key, found);
                break;
            // botToken, contextToken: not contextTokenReceivedAt, a date.
            case JsonValueKind.String when key is not null && key.EndsWith("token", StringComparison.OrdinalIgnoreCase):
                var s = e.GetString();
                if (!string.IsNullOrEmpty(s)) found.Add(s);
                break;
        }
    }

    public static void AssertNoneIn(string storePath, IEnumerable<string> texts)
    {
        var secrets = InStore(storePath);
        Assert.NotEmpty(secrets);
        foreach (var text in texts)
        {
            foreach (var secret in secrets)
            {
                Assert.False(text.Contains(secret, StringComparison.Ordinal), $"a secret leaked into: {text}");
            }
        }
    }
}
