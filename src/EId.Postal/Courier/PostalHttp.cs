using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace EId.Postal.Courier;

/// <summary>POSTs JSON to a postal-flow host and reads its <see cref="IntakeResult"/> (the handheld's and the identity server's channels).</summary>
internal static class PostalHttp
{
    public static async ValueTask<IntakeResult> PostAsync<T>(HttpClient http, string path, T body, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(body);
        using var response = await http.PostAsJsonAsync(path, body, PostalJson.Options, cancellationToken).ConfigureAwait(false);

        // A refused handheld's 401/403, a refused verdict's 403, a bad request's 400 and an identity server's 503 (postal server
        // unreachable) carry a result and are returned.
        if (response.IsSuccessStatusCode || (CarriesResult(response.StatusCode) && response.Content.Headers.ContentType?.MediaType == "application/json"))
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
                throw new HttpRequestException($"The server answered {(int)response.StatusCode} with a body that is not an intake result.", e);
            }
        }

        throw new HttpRequestException($"The server answered {(int)response.StatusCode} without an intake result.", null, response.StatusCode);
    }

    private static bool CarriesResult(HttpStatusCode status) => (int)status is >= 400 and < 500 || status == HttpStatusCode.ServiceUnavailable;
}
