using System.Security.Cryptography;
using ClawBot.Simulator.Control;
using ClawBot.Simulator.Faults;
using ClawBot.Simulator.State;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace ClawBot.Simulator.Cdn;

/// <summary>
/// POST /c2c/upload?encrypted_query_param=…&amp;filekey=… (SIM-16). The body must be exactly filesize bytes and must
/// decrypt, with the key given to getuploadurl, to data whose MD5 is rawfilemd5. Strict mode also wants the filekey
/// and Content-Type application/octet-stream (400 otherwise). The body is read once into the buffer the CDN keeps, and
/// decrypted in chunks for the MD5, so a 20 MiB upload is not copied again.
/// </summary>
public static class CdnUploadEndpoint
{
    public static RequestDelegate Handler(SimState state) => async ctx =>
    {
        state.Stats.Request("cdn-upload");
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ctx.RequestAborted, state.Stopping);
        var ct = cts.Token;
        try
        {
            var fault = state.Faults.Take("cdn-upload");
            if (fault is { Kind: SimFaultKind.NoEncryptedParam })
            {
                await Drain(ctx.Request, ct);
                ctx.Response.StatusCode = 200; // success status, but no x-encrypted-param: the client must retry
                return;
            }
            if (fault != null && await FaultResponder.ApplyAsync(ctx, fault, cdn: true, ct)) return;

            var strict = state.Options.Strict;
            QueryEscaping.Record(state, "cdn-upload", ctx.Request, strict);
            var upload = state.Cdn.Upload(ctx.Request.Query["encrypted_query_param"].ToString());
            if (upload == null) { await Fail(ctx, "unknown encrypted_query_param", ct); return; }
            var fileKey = ctx.Request.Query["filekey"].ToString();
            if (fileKey.Length > 0 && fileKey != upload.FileKey) { await Fail(ctx, "filekey does not match getuploadurl", ct); return; }
            // Strict (unknown, §7.3): the URL carries the filekey, and the body is declared as the octet stream it is.
            if (strict && fileKey.Length == 0) { await StrictFail(state, ctx, "filekey is missing from the upload URL", ct); return; }
            if (strict && !IsOctetStream(ctx.Request.ContentType))
            {
                await StrictFail(state, ctx, "Content-Type must be application/octet-stream", ct);
                return;
            }
            if (upload.FileSize > Array.MaxLength) { await Fail(ctx, "file too large", ct); return; }
            if (ctx.Request.ContentLength is { } declared && declared != upload.FileSize)
            {
                await Fail(ctx, $"body is {declared} bytes, filesize was {upload.FileSize}", ct);
                return;
            }

            // We check the size ourselves; Kestrel's default 30 MB cap must not get in the way of a raised MaxFileBytes.
            if (ctx.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit) limit.MaxRequestBodySize = null;

            var blob = new byte[upload.FileSize];
            var (length, tooLong) = await ReadExactly(ctx.Request.Body, blob, ct);
            if (tooLong || length != blob.Length)
            {
                await Fail(ctx, $"body length differs from filesize {upload.FileSize}", ct);
                return;
            }

            string md5;
            try { md5 = AesEcb.PlainMd5(blob, length, upload.AesKey); }
            catch (CryptographicException) { await Fail(ctx, "body does not decrypt with aeskey (AES-128-ECB/PKCS7)", ct); return; }
            if (md5 != upload.RawMd5) { await Fail(ctx, "decrypted MD5 differs from rawfilemd5", ct); return; }

            string downloadParam;
            lock (upload)
            {
                // A retried upload of the same file keeps one download parameter.
                downloadParam = upload.DownloadParam ??= state.Cdn.Put(blob);
                state.Cdn.Put(downloadParam, blob);
                state.Cdn.MarkUploaded(downloadParam, upload);
            }
            ctx.Response.StatusCode = 200;
            ctx.Response.Headers["x-encrypted-param"] = downloadParam;
            ctx.Response.ContentLength = 0;
        }
        catch (OperationCanceledException) when (cts.IsCancellationRequested)
        {
            // Client gone or server stopping.
        }
    };

    private static async Task<(int Length, bool TooLong)> ReadExactly(Stream body, byte[] buffer, CancellationToken ct)
    {
        var total = 0;
        while (total < buffer.Length)
        {
            var read = await body.ReadAsync(buffer.AsMemory(total), ct);
            if (read == 0) return (total, false);
            total += read;
        }
        var probe = new byte[1];
        return (total, await body.ReadAsync(probe, ct) > 0);
    }

    private static async Task Drain(HttpRequest request, CancellationToken ct)
    {
        var buffer = new byte[81920];
        while (await request.Body.ReadAsync(buffer, ct) > 0) { }
    }

    private static bool IsOctetStream(string? contentType) =>
        contentType != null && contentType.Split(';')[0].Trim().Equals("application/octet-stream", StringComparison.OrdinalIgnoreCase);

    /// <summary>A strict-mode refusal: 400 as any other, and listed in the stats.</summary>
    private static async Task StrictFail(SimState state, HttpContext ctx, string message, CancellationToken ct)
    {
        state.Stats.Violation("cdn-upload: " + message);
        await Drain(ctx.Request, ct);
        await Fail(ctx, message, ct);
    }

    /// <summary>4xx with x-error-message: the client must not retry (PROTOCOL.md §7.3).</summary>
    private static Task Fail(HttpContext ctx, string message, CancellationToken ct)
    {
        ctx.Response.StatusCode = StatusCodes.Status400BadRequest;
        ctx.Response.Headers["x-error-message"] = message;
        ctx.Response.ContentType = "text/plain";
        return ctx.Response.WriteAsync(message, ct);
    }
}
