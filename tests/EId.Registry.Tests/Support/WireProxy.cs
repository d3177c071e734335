using System.Collections.Concurrent;
using System.Net.Http.Headers;
using EId.Registry.Remote;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace EId.Registry.Tests.Support;

/// <summary>
/// An HTTP hop between client and registry (think TLS terminator): forwards bodies, records every byte,
/// and can tamper with or drop messages.
/// </summary>
internal sealed class WireProxy : IAsyncDisposable
{
    private readonly HttpClient _forward = new();
    private SealedRegistryHost? _host;
    private int _count;

    public ConcurrentQueue<byte[]> Requests { get; } = new();

    public ConcurrentQueue<byte[]> Responses { get; } = new();

    public int Count => _count;

    /// <summary>Changes the n-th request (0-based) before forwarding.</summary>
    public Func<int, byte[], byte[]>? TamperRequest { get; set; }

    /// <summary>Changes the n-th response before returning it.</summary>
    public Func<int, byte[], byte[]>? TamperResponse { get; set; }

    /// <summary>For the n-th request: a status to answer with after forwarding (the registry applied it, the answer is lost).</summary>
    public Func<int, int?>? LoseAnswer { get; set; }

    public Uri Address => _host!.Address;

    public static async Task<WireProxy> StartAsync(Uri target)
    {
        var proxy = new WireProxy();
        proxy._host = await SealedRegistryHost.StartAsync(app => app.MapPost("/registry", context => proxy.ForwardAsync(context, new Uri(target, "registry"))));
        return proxy;
    }

    private async Task ForwardAsync(HttpContext context, Uri target)
    {
        var n = Interlocked.Increment(ref _count) - 1;
        var body = (await SealedRegistryHost.ReadBodyAsync(context.Request, 1 << 24))!;
        Requests.Enqueue(body);
        if (TamperRequest is not null)
        {
            body = TamperRequest(n, body);
        }

        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue(SealedReply.ContentType);
        using var response = await _forward.PostAsync(target, content, context.RequestAborted);
        var answer = await response.Content.ReadAsByteArrayAsync(context.RequestAborted);
        Responses.Enqueue(answer);
        if (LoseAnswer?.Invoke(n) is { } lost)
        {
            context.Response.StatusCode = lost;
            return;
        }

        if (TamperResponse is not null)
        {
            answer = TamperResponse(n, answer);
        }

        context.Response.StatusCode = (int)response.StatusCode;
        await context.Response.Body.WriteAsync(answer, context.RequestAborted);
    }

    public async ValueTask DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }

        _forward.Dispose();
    }
}
