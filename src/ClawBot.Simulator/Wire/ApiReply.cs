using System.Buffers;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace ClawBot.Simulator.Wire;

/// <summary>
/// Writes API answers: snake_case JSON built with Utf8JsonWriter (so uint64 ids stay bare numbers, SIM-09), sent with a
/// Content-Length rather than chunked.
/// </summary>
public static class ApiReply
{
    public static async Task WriteAsync(HttpContext ctx, Action<Utf8JsonWriter> body, int status = 200)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var w = new Utf8JsonWriter(buffer, WireJson.Writer))
        {
            w.WriteStartObject();
            body(w);
            w.WriteEndObject();
        }
        ctx.Response.StatusCode = status;
        ctx.Response.ContentType = "application/json";
        ctx.Response.ContentLength = buffer.WrittenCount;
        await ctx.Response.Body.WriteAsync(buffer.WrittenMemory, ctx.RequestAborted).ConfigureAwait(false);
    }

    /// <summary>{"ret":0}</summary>
    public static Task OkAsync(HttpContext ctx) => WriteAsync(ctx, w => w.WriteNumber("ret", 0));

    /// <summary>{} : sendmessage's documented success body.</summary>
    public static Task EmptyAsync(HttpContext ctx) => WriteAsync(ctx, _ => { });

    /// <summary>A business error: HTTP 200 with ret, errcode and errmsg (PROTOCOL.md §9.1).</summary>
    public static Task ErrorAsync(HttpContext ctx, int ret, string message) => WriteAsync(ctx, w =>
    {
        w.WriteNumber("ret", ret);
        w.WriteNumber("errcode", ret);
        w.WriteString("errmsg", message);
    });

    /// <summary>The answer to an unknown or revoked token (SIM-05; comm's observed shape).</summary>
    public static Task SessionTimeoutAsync(HttpContext ctx) => ErrorAsync(ctx, -14, "session timeout");

    /// <summary>Bad parameters: ret -2 (comm).</summary>
    public static Task BadParamAsync(HttpContext ctx, string message) => ErrorAsync(ctx, -2, message);
}
