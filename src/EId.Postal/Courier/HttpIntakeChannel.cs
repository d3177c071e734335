using System.Net.Http.Json;

namespace EId.Postal.Courier;

/// <summary>
/// Sends the handheld's request to the postal server over HTTP (JSON, <see cref="PostalJson"/>):
/// POST to <see cref="PostalJson.IntakePath"/> relative to the client's base address. The host
/// exposes the endpoint by deserialising a <see cref="SenderCheckRequest"/> and returning
/// <see cref="ParcelIntake.AcceptAsync"/>'s result.
/// </summary>
/// <param name="http">A client whose base address is the postal server.</param>
public sealed class HttpIntakeChannel(HttpClient http) : IIntakeChannel
{
    /// <inheritdoc />
    /// <exception cref="HttpRequestException">The server could not be reached or answered with an error status.</exception>
    public async ValueTask<IntakeResult> SubmitAsync(SenderCheckRequest request, CancellationToken cancellationToken = default)
    {
        using var response = await http.PostAsJsonAsync(PostalJson.IntakePath, request, PostalJson.Options, cancellationToken).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<IntakeResult>(PostalJson.Options, cancellationToken).ConfigureAwait(false)
            ?? throw new HttpRequestException("The postal server sent an empty answer.");
    }
}
