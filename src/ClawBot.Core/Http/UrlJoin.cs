using System;

namespace ClawBot.Core.Http;

/// <summary>Joins a base URL and a relative endpoint path the way the official client does.</summary>
internal static class UrlJoin
{
    /// <summary>
    /// Resolves <paramref name="relativePath"/> against <paramref name="baseUrl"/> after making sure the base ends in
    /// '/', so a base with a path prefix (https://host/tenant) keeps it. <paramref name="query"/> is appended as given
    /// (already escaped).
    /// </summary>
    public static Uri Combine(Uri baseUrl, string relativePath, string? query = null)
    {
        var withSlash = EnsureTrailingSlash(baseUrl);
        var builder = new UriBuilder(new Uri(withSlash, relativePath));
        if (!string.IsNullOrEmpty(query)) builder.Query = query;
        return builder.Uri;
    }

    /// <summary>The base with a trailing slash on its path and no query or fragment.</summary>
    public static Uri EnsureTrailingSlash(Uri baseUrl)
    {
        var text = baseUrl.GetLeftPart(UriPartial.Path);
        return text.EndsWith("/", StringComparison.Ordinal) ? new Uri(text) : new Uri(text + "/");
    }
}
