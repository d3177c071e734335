using EId.Postal.Courier;
using EId.Risk.Requests;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace EId.Hosting;

/// <summary>Reading bounded bodies and signature headers, and writing the endpoints' answers.</summary>
public static class HttpBodies
{
    /// <summary>Reads the whole body up to <paramref name="limit"/> bytes; null when it is larger (answer 413).</summary>
    /// <param name="http">The request's context.</param>
    /// <param name="limit">The largest body accepted.</param>
    /// <returns>The body, or null.</returns>
    public static async Task<byte[]?> ReadAsync(HttpContext http, int limit)
    {
        ArgumentNullException.ThrowIfNull(http);
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
        {
            size.MaxRequestBodySize = limit;
        }

        if (http.Request.ContentLength > limit)
        {
            return null;
        }

        using var buffer = new MemoryStream();
        try
        {
            await http.Request.Body.CopyToAsync(buffer, http.RequestAborted).ConfigureAwait(false);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return null;
        }

        return buffer.Length > limit ? null : buffer.ToArray();
    }

    /// <summary>The device signature carried in the request's headers over its method, path and <paramref name="body"/>.</summary>
    /// <param name="http">The request's context.</param>
    /// <param name="body">The body as read.</param>
    /// <returns>The reading for <see cref="IntakeEndpoint"/>.</returns>
    public static SignedRequestReading Signature(HttpContext http, ReadOnlyMemory<byte> body)
    {
        ArgumentNullException.ThrowIfNull(http);
        var parsed = SignedRequestHeaders.Parse(http.Request.Method, http.Request.PathBase + http.Request.Path, body, name => http.Request.Headers[name].FirstOrDefault());
        if (parsed.TryGetValue(out var request, out var error))
        {
            return SignedRequestReading.Of(request);
        }

        return error.Reason == SignedRequestHeaderError.MissingHeader ? SignedRequestReading.Unsigned : SignedRequestReading.Malformed;
    }

    /// <summary>Writes an endpoint's answer.</summary>
    /// <param name="http">The request's context.</param>
    /// <param name="answer">The answer.</param>
    /// <returns>The write.</returns>
    public static async Task WriteAsync(HttpContext http, IntakeAnswer answer)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(answer);
        await WriteAsync(http, answer.StatusCode, answer.ContentType, answer.Body).ConfigureAwait(false);
    }

    /// <summary>Writes a status, media type and body.</summary>
    /// <param name="http">The request's context.</param>
    /// <param name="status">The status.</param>
    /// <param name="contentType">The media type, or null for no body.</param>
    /// <param name="body">The body.</param>
    /// <returns>The write.</returns>
    public static async Task WriteAsync(HttpContext http, int status, string? contentType, ReadOnlyMemory<byte> body)
    {
        ArgumentNullException.ThrowIfNull(http);
        http.Response.StatusCode = status;
        if (contentType is not null)
        {
            http.Response.ContentType = contentType;
            await http.Response.Body.WriteAsync(body, http.RequestAborted).ConfigureAwait(false);
        }
    }
}
