using EId.Risk.Devices;

namespace EId.Risk.Requests;

/// <summary>
/// An <see cref="HttpClient"/> handler that signs every outgoing request with a device credential: the method, the
/// URI's absolute path and the exact body bytes, carried in <see cref="SignedRequestHeaders"/>. Put it on a handheld's
/// or kiosk's client so any JSON API call reaches the server's <see cref="ISecurityGateway"/> authenticated.
/// </summary>
public sealed class DeviceSigningHandler : DelegatingHandler
{
    private readonly DeviceCredential _device;

    /// <summary>Creates the handler (set <see cref="DelegatingHandler.InnerHandler"/>, or let the client factory do it).</summary>
    /// <param name="device">The device credential; owned by the caller.</param>
    public DeviceSigningHandler(DeviceCredential device)
    {
        ArgumentNullException.ThrowIfNull(device);
        _device = device;
    }

    /// <inheritdoc />
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var uri = request.RequestUri ?? throw new InvalidOperationException("The request has no URI.");
        var body = request.Content is null ? [] : await request.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        if (request.Content is { } content)
        {
            // The body is signed as buffered; send exactly those bytes (a streaming content might serialise differently twice).
            var buffered = new ByteArrayContent(body);
            foreach (var header in content.Headers.Where(h => !h.Key.Equals("Content-Length", StringComparison.OrdinalIgnoreCase)))
            {
                buffered.Headers.TryAddWithoutValidation(header.Key, header.Value);
            }

            request.Content = buffered;
            content.Dispose();
        }

        var signed = _device.Sign(request.Method.Method, uri.AbsolutePath, body);
        foreach (var (name, value) in SignedRequestHeaders.Encode(signed))
        {
            request.Headers.Remove(name);
            request.Headers.TryAddWithoutValidation(name, value);
        }

        return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
    }
}
