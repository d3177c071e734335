using System.Net;
using System.Security.Cryptography;
using System.Net.Http.Json;
using EId.Faces;
using EId.Issuance.Remote;
using EId.Risk.Devices;
using EId.Biometrics.Liveness;
using Microsoft.Extensions.DependencyInjection;

namespace EId.Demo;

/// <summary>Asks a front system for an active-liveness challenge with a device-signed request (kiosk or handheld).</summary>
public static class ChallengeClient
{
    /// <summary>
    /// A challenge from the server at <paramref name="server"/>, or, in-process (null), from the back end's own
    /// <see cref="ActiveLivenessSession"/> for a fresh random nonce.
    /// </summary>
    /// <param name="services">The in-process back end (used when <paramref name="server"/> is null).</param>
    /// <param name="server">The server's base address, or null.</param>
    /// <param name="device">The device that signs the request.</param>
    /// <param name="path">The server's challenge route.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The challenge, or null, and the status (404: the server requires none).</returns>
    public static async Task<(LivenessChallenge? Challenge, HttpStatusCode Status)> BeginAsync(IServiceProvider services, Uri? server, DeviceCredential device, string path, CancellationToken cancellationToken = default) =>
        server is null
            ? (services.GetRequiredService<ActiveLivenessSession>().Begin(RandomNumberGenerator.GetBytes(16)), HttpStatusCode.OK)
            : await RequestAsync(server, device, path, cancellationToken).ConfigureAwait(false);

    /// <summary>Requests a challenge; null with the HTTP status when none is given (404: the server requires none).</summary>
    /// <param name="server">The server's base address.</param>
    /// <param name="device">The device that signs the request.</param>
    /// <param name="path">The challenge route, relative to <paramref name="server"/>.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The challenge, or null, and the status.</returns>
    public static async Task<(LivenessChallenge? Challenge, HttpStatusCode Status)> RequestAsync(Uri server, DeviceCredential device, string path, CancellationToken cancellationToken = default)
    {
        using var signed = DemoKeys.Client(server, device);
        using var content = new ByteArrayContent([]);
        using var answer = await signed.PostAsync(path.TrimStart('/'), content, cancellationToken).ConfigureAwait(false);
        var challenge = answer.IsSuccessStatusCode ? await answer.Content.ReadFromJsonAsync<LivenessChallenge>(IssuanceJson.Options, cancellationToken).ConfigureAwait(false) : null;
        return (challenge, answer.StatusCode);
    }
}
