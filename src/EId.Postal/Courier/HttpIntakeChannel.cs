namespace EId.Postal.Courier;

/// <summary>
/// Sends the handheld's request over HTTP (JSON, <see cref="PostalJson"/>): POST to <see cref="PostalJson.IntakePath"/> of the
/// postal server (single-server mode), or to <see cref="PostalJson.IdentityCheckPath"/> of the identity server (three-host
/// mode), relative to the client's base address. Hosts expose either with <see cref="IntakeEndpoint"/>.
/// </summary>
/// <param name="http">A client whose base address is the postal server or the identity server.</param>
/// <param name="path">The relative path to post to.</param>
public sealed class HttpIntakeChannel(HttpClient http, string path = PostalJson.IntakePath) : IIntakeChannel
{
    /// <summary>A channel to an identity server (three-host mode).</summary>
    /// <param name="http">A client whose base address is the identity server.</param>
    /// <returns>The channel.</returns>
    public static HttpIntakeChannel ToIdentityServer(HttpClient http) => new(http, PostalJson.IdentityCheckPath);

    /// <inheritdoc />
    /// <exception cref="HttpRequestException">The server could not be reached or answered without an intake result (a refused
    /// handheld's 401/403 and a bad request's 400 carry one and are returned).</exception>
    public ValueTask<IntakeResult> SubmitAsync(SenderCheckRequest request, CancellationToken cancellationToken = default) =>
        PostalHttp.PostAsync(http, path, request, cancellationToken);
}
