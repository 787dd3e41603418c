using System.Collections.Concurrent;
using System.Net;
using System.Text;

namespace ClawBot.Core.Tests.Support;

/// <summary>An HttpMessageHandler that records every request (with its body) and answers from a script.</summary>
internal sealed class ScriptedHandler : HttpMessageHandler
{
    private readonly Func<RecordedRequest, CancellationToken, Task<HttpResponseMessage>> _respond;

    public ScriptedHandler(Func<RecordedRequest, CancellationToken, Task<HttpResponseMessage>> respond) => _respond = respond;

    public ScriptedHandler(Func<RecordedRequest, HttpResponseMessage> respond) : this((r, _) => Task.FromResult(respond(r))) { }

    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? Array.Empty<byte>() : await request.Content.ReadAsByteArrayAsync(cancellationToken);
        var recorded = new RecordedRequest(request, body, request.Content?.Headers.ContentLength);
        Requests.Enqueue(recorded);
        return await _respond(recorded, cancellationToken);
    }

    public static HttpResponseMessage Json(string json, HttpStatusCode status = HttpStatusCode.OK) =>
        new(status) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
}

internal sealed class RecordedRequest
{
    public RecordedRequest(HttpRequestMessage request, byte[] body, long? contentLength)
    {
        Method = request.Method.Method;
        Uri = request.RequestUri!;
        Headers = request.Headers.ToDictionary(h => h.Key, h => string.Join(",", h.Value), StringComparer.OrdinalIgnoreCase);
        ContentType = request.Content?.Headers.ContentType?.ToString();
        Body = body;
        ContentLength = contentLength;
        Chunked = request.Headers.TransferEncodingChunked == true;
    }

    public string Method { get; }
    public Uri Uri { get; }
    public Dictionary<string, string> Headers { get; }
    public string? ContentType { get; }
    public byte[] Body { get; }
    public long? ContentLength { get; }
    public bool Chunked { get; }
    public string BodyText => Encoding.UTF8.GetString(Body);
}
