using System.Text.Json;
using EId.Risk;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace EId.Postal.Courier;

/// <summary>
/// A handheld's intake endpoint without a web framework, so any host maps it in a few lines: body size and media type →
/// signed request (the host reads the headers, see <see cref="SignedRequestReading"/>) → security gateway for the parcel
/// action → the body's device id must be the signer's → the <see cref="IIntakeChannel"/> behind it (the postal server's
/// <see cref="ParcelIntake"/> in process, or the identity server's <see cref="Verdicts.VerdictRelay"/>). Statuses: 200 with
/// the intake result, 401 unsigned or malformed signature headers and 403 refused device or another device's id (both with
/// an <see cref="IntakeStatus.DeviceRejected"/> result), 503 with a <see cref="IntakeStatus.PostalUnavailable"/> result, 400 not a
/// well-formed request, 413 too large, 415 not JSON.
/// </summary>
public sealed class IntakeEndpoint
{
    /// <summary>The default request size limit: a handful of camera frames, base64-encoded, with room to spare.</summary>
    public const int DefaultMaxRequestBytes = 24 * 1024 * 1024;

    private readonly ISecurityGateway _gateway;
    private readonly IIntakeChannel _next;
    private readonly string _action;
    private readonly bool _requireSigned;
    private readonly ILogger<IntakeEndpoint> _logger;

    /// <summary>Creates the endpoint.</summary>
    /// <param name="gateway">The security gateway.</param>
    /// <param name="next">What runs once the handheld is authenticated.</param>
    /// <param name="action">The capability a handheld needs (e.g. <c>accept-parcel</c>).</param>
    /// <param name="requireSigned">Whether requests must be device-signed (turn off only for local experiments).</param>
    /// <param name="maxRequestBytes">The largest request body accepted.</param>
    /// <param name="logger">Logger.</param>
    public IntakeEndpoint(ISecurityGateway gateway, IIntakeChannel next, string action, bool requireSigned = true, int maxRequestBytes = DefaultMaxRequestBytes, ILogger<IntakeEndpoint>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(gateway);
        ArgumentNullException.ThrowIfNull(next);
        ArgumentException.ThrowIfNullOrWhiteSpace(action);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxRequestBytes);
        _gateway = gateway;
        _next = next;
        _action = action;
        _requireSigned = requireSigned;
        MaxRequestBytes = maxRequestBytes;
        _logger = logger ?? NullLogger<IntakeEndpoint>.Instance;
    }

    /// <summary>The largest request body accepted; hosts should stop reading beyond it.</summary>
    public int MaxRequestBytes { get; }

    /// <summary>Handles one request.</summary>
    /// <param name="contentType">The request's <c>Content-Type</c>, as sent (null when absent).</param>
    /// <param name="body">The body (UTF-8 JSON <see cref="SenderCheckRequest"/>).</param>
    /// <param name="signature">What the host read from the signature headers.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The answer.</returns>
    public async ValueTask<IntakeAnswer> HandleAsync(string? contentType, ReadOnlyMemory<byte> body, SignedRequestReading signature, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(signature);
        if (body.Length > MaxRequestBytes)
        {
            return TooLarge();
        }

        if (!PostalJson.IsJsonMediaType(contentType))
        {
            return Problem(415, "unsupported_media_type", "The intake request must be sent as application/json.");
        }

        var request = Deserialize(body);
        string? device = null;
        if (_requireSigned)
        {
            if (signature.Request is not { } signed)
            {
                return DeviceRejected(401, "unsigned", request, [signature.ProblemCode ?? SignedRequestReading.UnsignedCode]);
            }

            var assessment = await _gateway.CheckAsync(new GatewayRequest(signed, _action), cancellationToken).ConfigureAwait(false);
            if (!assessment.IsAllowed)
            {
                return DeviceRejected(403, "device_refused", request, [.. assessment.Reasons.Select(r => r.Code.Value)]);
            }

            device = signed.DeviceId;
        }

        if (request is null)
        {
            return Problem(400, "malformed", "The body is not a well-formed intake request.");
        }

        if (device is not null && !string.Equals(request.DeviceId, device, StringComparison.Ordinal))
        {
            // A handheld may only hand in parcels under its own device id.
            return DeviceRejected(403, "device_mismatch", request, ["request.device_mismatch"]);
        }

        var result = await _next.SubmitAsync(request, cancellationToken).ConfigureAwait(false);
        _logger.LogInformation("Intake {Request}: {Status}", request, result.Status);
        return Json(result.Status == IntakeStatus.PostalUnavailable ? 503 : 200, result.Status.ToString(), result);
    }

    /// <summary>The answer for a body larger than <see cref="MaxRequestBytes"/> (for hosts that stop reading early).</summary>
    /// <returns>Status 413, no body.</returns>
    public static IntakeAnswer TooLarge() => new(413, null, ReadOnlyMemory<byte>.Empty, "too_large");

    private static SenderCheckRequest? Deserialize(ReadOnlyMemory<byte> body)
    {
        try
        {
            return JsonSerializer.Deserialize<SenderCheckRequest>(body.Span, PostalJson.Options);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static IntakeAnswer DeviceRejected(int status, string outcome, SenderCheckRequest? request, IReadOnlyList<string> reasons) =>
        Json(status, outcome, new IntakeResult { Status = IntakeStatus.DeviceRejected, WaybillNumber = request?.Parcel?.WaybillNumber ?? string.Empty, GatewayReasons = reasons });

    internal static IntakeAnswer Json(int status, string outcome, IntakeResult result) =>
        new(status, PostalJson.ContentType, JsonSerializer.SerializeToUtf8Bytes(result, PostalJson.Options), outcome);

    // RFC 9457 problem details, as the ASP.NET Core hosts answered before this endpoint moved here.
    internal static IntakeAnswer Problem(int status, string outcome, string detail) =>
        new(status, "application/problem+json", JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object> { ["status"] = status, ["detail"] = detail }), outcome);
}
