using EId.Risk;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace EId.Issuance.Remote;

/// <summary>
/// The front system's issuance endpoint without a web framework: takes the request body, runs the
/// <see cref="IIssuer"/> and returns a status and the JSON answer, so this package needs no ASP.NET Core. A host maps
/// it in a few lines (see the package README). Statuses: 200 issued, 422 refused, 503 refused but retryable,
/// 400 not a well-formed request (a body that does not parse, or a request the issuer refuses as malformed, e.g. a request
/// id over 128 characters; never retryable), 413 too large, 415 not sent as <c>application/json</c>.
/// </summary>
public sealed class IssuanceEndpoint
{
    /// <summary>The path kiosks POST to (the path their requests are signed for).</summary>
    public const string Path = Binding.IssuanceRequestBinding.Path;

    /// <summary>
    /// Where a front system that requires active liveness issues challenges: a device-signed POST answered with a
    /// <see cref="Faces.LivenessChallenge"/> (JSON, <see cref="IssuanceJson.Options"/>), whose id the capture then quotes.
    /// </summary>
    public const string ChallengePath = "/v1/eid/challenge";

    private readonly IIssuer _issuer;
    private readonly ILogger<IssuanceEndpoint> _logger;

    /// <summary>Creates the endpoint.</summary>
    /// <param name="issuer">The issuer.</param>
    /// <param name="maxRequestBytes">The largest request body accepted.</param>
    /// <param name="logger">Logger.</param>
    public IssuanceEndpoint(IIssuer issuer, int maxRequestBytes = DefaultMaxRequestBytes, ILogger<IssuanceEndpoint>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(issuer);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxRequestBytes);
        _issuer = issuer;
        MaxRequestBytes = maxRequestBytes;
        _logger = logger ?? NullLogger<IssuanceEndpoint>.Instance;
    }

    /// <summary>The default request size limit: ten camera frames of about 1.5 MB, base64-encoded, with room to spare.</summary>
    public const int DefaultMaxRequestBytes = 24 * 1024 * 1024;

    /// <summary>The largest request body accepted; hosts should stop reading beyond it.</summary>
    public int MaxRequestBytes { get; }

    /// <summary>Handles one request: its <c>Content-Type</c> must be <c>application/json</c> (415 otherwise), then as <see cref="HandleAsync(ReadOnlyMemory{byte}, CancellationToken)"/>.</summary>
    /// <param name="contentType">The request's <c>Content-Type</c> header, as sent (null when absent).</param>
    /// <param name="body">The request body (UTF-8 JSON).</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The HTTP status and the answer body (<see cref="IssuanceJson.ContentType"/>).</returns>
    public ValueTask<(int StatusCode, byte[] Body)> HandleAsync(string? contentType, ReadOnlyMemory<byte> body, CancellationToken cancellationToken = default)
    {
        if (body.Length > MaxRequestBytes)
        {
            return ValueTask.FromResult(TooLarge());
        }

        return IssuanceJson.IsJsonMediaType(contentType) ? HandleAsync(body, cancellationToken) : ValueTask.FromResult(UnsupportedMediaType());
    }

    /// <summary>Handles one request body whose media type the host has already checked (see <see cref="IssuanceJson.IsJsonMediaType"/>).</summary>
    /// <param name="body">The request body (UTF-8 JSON).</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The HTTP status and the answer body (<see cref="IssuanceJson.ContentType"/>).</returns>
    public async ValueTask<(int StatusCode, byte[] Body)> HandleAsync(ReadOnlyMemory<byte> body, CancellationToken cancellationToken = default)
    {
        if (body.Length > MaxRequestBytes)
        {
            return TooLarge();
        }

        if (IssuanceJson.DeserializeRequest(body.Span) is not { } request)
        {
            return Malformed(400, "the body is not a well-formed issuance request");
        }

        var outcome = await _issuer.IssueAsync(request, progress: null, cancellationToken).ConfigureAwait(false);
        _logger.LogInformation("Issuance request {Request}: {Outcome}", request, outcome);
        var status = outcome.IsIssued ? 200 : IsMalformed(outcome.Refusal) ? 400 : outcome.Refusal.Retryable ? 503 : 422;
        return (status, IssuanceJson.SerializeOutcome(outcome));
    }

    /// <summary>The answer for a body not sent as <c>application/json</c> (for hosts that check the header before reading).</summary>
    /// <returns>Status 415 and a refusal at <see cref="IssuanceStep.Request"/>.</returns>
    public (int StatusCode, byte[] Body) UnsupportedMediaType() => Malformed(415, "the request must be sent as application/json");

    // The issuer refuses a parsed request of the wrong shape (e.g. a request id over 128 characters) with the same code the
    // gateway uses for a malformed signed request: the client sent something no retry can fix, so it is a 400, not a 422/503.
    private static bool IsMalformed(IssuanceRefusal refusal) =>
        !refusal.Retryable && (refusal.Has(RiskReasonCode.RequestMalformed) || refusal.Has(IssuanceReasonCodes.MalformedRequest));

    /// <summary>The answer for a body larger than <see cref="MaxRequestBytes"/> (for hosts that stop reading early).</summary>
    /// <returns>Status 413 and a refusal at <see cref="IssuanceStep.Request"/>.</returns>
    public (int StatusCode, byte[] Body) TooLarge() => Malformed(413, "the request is larger than the front system accepts");

    // No request id could be read: the answer names none, so a client pairs it with its own request by the status only.
    private static (int, byte[]) Malformed(int status, string detail) =>
        (status, IssuanceJson.SerializeOutcome(IssuanceOutcome.Refused(string.Empty, new IssuanceRefusal(IssuanceStep.Request, [new RiskReason(IssuanceReasonCodes.MalformedRequest, detail, "front-system")]))));
}
