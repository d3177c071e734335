using EId.Postal.Courier;

namespace EId.Postal.Verdicts;

/// <summary>
/// Sends verdicts to the postal server over HTTP: POST JSON (<see cref="PostalJson"/>) to <see cref="PostalJson.VerdictPath"/>
/// relative to the client's base address. The verdict's signature is what the postal server trusts, not the connection.
/// </summary>
/// <param name="http">A client whose base address is the postal server.</param>
public sealed class HttpVerdictChannel(HttpClient http) : IVerdictChannel
{
    /// <inheritdoc />
    /// <exception cref="HttpRequestException">The postal server could not be reached or answered without an intake result.</exception>
    public ValueTask<IntakeResult> SubmitAsync(VerdictSubmission submission, CancellationToken cancellationToken = default) =>
        PostalHttp.PostAsync(http, PostalJson.VerdictPath, submission, cancellationToken);
}
