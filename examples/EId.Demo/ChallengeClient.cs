using System.Net;
using System.Net.Http.Json;
using EId.Faces;
using EId.Issuance.Remote;
using EId.Risk.Devices;

namespace EId.Demo;

/// <summary>Asks a front system for an active-liveness challenge with a device-signed request (kiosk or handheld).</summary>
public static class ChallengeClient
{
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
