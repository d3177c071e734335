using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

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
    /// <exception cref="HttpRequestException">The server could not be reached or answered without an intake result (a refused
    /// handheld's 401/403 and a bad request's 400 carry one and are returned).</exception>
    public async ValueTask<IntakeResult> SubmitAsync(SenderCheckRequest request, CancellationToken cancellationToken = default)
    {
        using var response = await http.PostAsJsonAsync(PostalJson.IntakePath, request, PostalJson.Options, cancellationToken).ConfigureAwait(false);
        if (response.IsSuccessStatusCode || (IsClientError(response.StatusCode) && response.Content.Headers.ContentType?.MediaType == "application/json"))
        {
            try
            {
                if (await response.Content.ReadFromJsonAsync<IntakeResult>(PostalJson.Options, cancellationToken).ConfigureAwait(false) is { } result)
                {
                    return result;
                }
            }
            catch (JsonException e)
            {
                throw new HttpRequestException($"The postal server answered {(int)response.StatusCode} with a body that is not an intake result.", e);
            }
        }

        throw new HttpRequestException($"The postal server answered {(int)response.StatusCode} without an intake result.", null, response.StatusCode);
    }

    private static bool IsClientError(HttpStatusCode status) => (int)status is >= 400 and < 500;
}
