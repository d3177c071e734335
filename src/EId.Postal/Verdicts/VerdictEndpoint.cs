using System.Text.Json;
using EId.Postal.Courier;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace EId.Postal.Verdicts;

/// <summary>
/// The postal server's verdict endpoint without a web framework (<see cref="PostalJson.VerdictPath"/>): the identity server
/// POSTs a <see cref="VerdictSubmission"/>; the verdict's signature by a trusted key is the authentication. Statuses: 200 with
/// the intake result (accepted, sender rejected, parcel rejected), 403 with an <see cref="IntakeStatus.VerdictRejected"/>
/// result, 400 not a well-formed submission, 413 too large, 415 not JSON.
/// </summary>
public sealed class VerdictEndpoint
{
    /// <summary>The default size limit: a verdict and parcel details are small.</summary>
    public const int DefaultMaxRequestBytes = 64 * 1024;

    private readonly VerdictIntake _intake;
    private readonly ILogger<VerdictEndpoint> _logger;

    /// <summary>Creates the endpoint.</summary>
    /// <param name="intake">The verdict intake.</param>
    /// <param name="logger">Logger.</param>
    public VerdictEndpoint(VerdictIntake intake, ILogger<VerdictEndpoint>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(intake);
        _intake = intake;
        _logger = logger ?? NullLogger<VerdictEndpoint>.Instance;
    }

    /// <summary>The largest request body accepted.</summary>
    public int MaxRequestBytes => DefaultMaxRequestBytes;

    /// <summary>Handles one submission.</summary>
    /// <param name="contentType">The request's <c>Content-Type</c> (null when absent).</param>
    /// <param name="body">The body.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The answer.</returns>
    public async ValueTask<IntakeAnswer> HandleAsync(string? contentType, ReadOnlyMemory<byte> body, CancellationToken cancellationToken = default)
    {
        if (body.Length > MaxRequestBytes)
        {
            return IntakeEndpoint.TooLarge();
        }

        if (!PostalJson.IsJsonMediaType(contentType))
        {
            return IntakeEndpoint.Problem(415, "unsupported_media_type", "The verdict must be sent as application/json.");
        }

        VerdictSubmission? submission;
        try
        {
            submission = JsonSerializer.Deserialize<VerdictSubmission>(body.Span, PostalJson.Options);
        }
        catch (JsonException)
        {
            submission = null;
        }

        if (submission?.Parcel is null || submission.Verdict is null)
        {
            return IntakeEndpoint.Problem(400, "malformed", "The body is not a well-formed verdict submission.");
        }

        var result = await _intake.AcceptAsync(submission, cancellationToken).ConfigureAwait(false);
        _logger.LogInformation("Verdict {Submission}: {Status}", submission, result.Status);
        return IntakeEndpoint.Json(result.Status == IntakeStatus.VerdictRejected ? 403 : 200, result.Status.ToString(), result);
    }
}
