using EId.Risk.Devices;
using EId.Risk.Replay;
using EId.Risk.Requests;

namespace EId.Risk.Gateway;

/// <summary>
/// Authenticates a signed request: field syntax, certificate (pinned authority, validity), device id,
/// timestamp window, registry status and key, signature, and finally nonce uniqueness (last, so that
/// forged requests cannot use up nonces). Never throws for bad input. Thread-safe.
/// </summary>
public sealed class RequestAuthenticator
{
    private readonly DeviceCertificateVerifier _certificates;
    private readonly IDeviceRegistry _registry;
    private readonly IReplayCache _replay;
    private readonly TimeProvider _time;

    /// <summary>Creates an authenticator.</summary>
    /// <param name="certificates">Verifies certificates against the pinned authority keys.</param>
    /// <param name="registry">The device registry (status, current key).</param>
    /// <param name="replay">Remembers nonces.</param>
    /// <param name="timeProvider">The clock.</param>
    /// <param name="replayWindow">How far a request's timestamp may be from now, either way; nonces are remembered that long.</param>
    public RequestAuthenticator(DeviceCertificateVerifier certificates, IDeviceRegistry registry, IReplayCache replay, TimeProvider timeProvider, TimeSpan replayWindow)
    {
        ArgumentNullException.ThrowIfNull(certificates);
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(replay);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(replayWindow, TimeSpan.Zero);
        _certificates = certificates;
        _registry = registry;
        _replay = replay;
        _time = timeProvider;
        ReplayWindow = replayWindow;
    }

    /// <summary>How far a request's timestamp may be from now.</summary>
    public TimeSpan ReplayWindow { get; }

    /// <summary>Authenticates <paramref name="request"/>.</summary>
    public async ValueTask<Result<AuthenticatedRequest, Failure<RequestRefusal>>> AuthenticateAsync(SignedRequest request, CancellationToken cancellationToken = default)
    {
        if (request is null || CanonicalRequest.Validate(request.Method, request.Path, request.DeviceId, request.Nonce) is not null)
        {
            return Fail(RequestRefusal.Malformed, "The request fields are malformed.");
        }

        var now = _time.GetUtcNow();
        var verified = _certificates.Verify(request.Certificate, now);
        if (!verified.TryGetValue(out var certificate, out var certificateError))
        {
            return certificateError.Reason switch
            {
                DeviceCertificateError.UntrustedSignature => Fail(RequestRefusal.CertificateUntrusted, certificateError.Message),
                DeviceCertificateError.Expired or DeviceCertificateError.NotYetValid => Fail(RequestRefusal.CertificateOutOfValidity, certificateError.Message),
                _ => Fail(RequestRefusal.CertificateMalformed, certificateError.Message),
            };
        }

        if (!string.Equals(certificate.DeviceId, request.DeviceId, StringComparison.Ordinal))
        {
            return Fail(RequestRefusal.CertificateDeviceMismatch, "The certificate is for another device.");
        }

        if ((request.Timestamp - now).Duration() > ReplayWindow)
        {
            return Fail(RequestRefusal.TimestampOutOfWindow, $"The request timestamp is more than {ReplayWindow} from now.");
        }

        var device = await _registry.FindAsync(request.DeviceId, cancellationToken).ConfigureAwait(false);
        if (device is null)
        {
            return Fail(RequestRefusal.DeviceUnknown, "The device is not enrolled.");
        }

        if (device.Status != DeviceStatus.Active)
        {
            return device.Status == DeviceStatus.Suspended
                ? Fail(RequestRefusal.DeviceSuspended, "The device is suspended.")
                : Fail(RequestRefusal.DeviceRevoked, "The device is revoked.");
        }

        if (!device.PublicKey.Span.SequenceEqual(certificate.PublicKey.Span))
        {
            return Fail(RequestRefusal.CertificateSuperseded, "The certificate's key is not the device's current key.");
        }

        if (!CanonicalRequest.VerifySignature(request, certificate.PublicKey.Span))
        {
            return Fail(RequestRefusal.SignatureInvalid, "The request signature does not verify.");
        }

        // Remember the nonce for as long as the timestamp stays acceptable; after that the window refuses it anyway.
        var fresh = await _replay.TryRegisterAsync(request.DeviceId, request.Nonce, request.Timestamp + ReplayWindow + TimeSpan.FromMilliseconds(1), cancellationToken).ConfigureAwait(false);
        if (!fresh)
        {
            return Fail(RequestRefusal.Replayed, "The request nonce was used before.");
        }

        return new AuthenticatedRequest(request, certificate, device);
    }

    /// <summary>The well-known risk reason code for a refusal.</summary>
    public static RiskReasonCode ToReasonCode(RequestRefusal refusal) => refusal switch
    {
        RequestRefusal.Malformed => RiskReasonCode.RequestMalformed,
        RequestRefusal.DeviceUnknown => RiskReasonCode.DeviceUnknown,
        RequestRefusal.DeviceSuspended => RiskReasonCode.DeviceSuspended,
        RequestRefusal.DeviceRevoked => RiskReasonCode.DeviceRevoked,
        RequestRefusal.TimestampOutOfWindow => RiskReasonCode.TimestampOutOfWindow,
        RequestRefusal.SignatureInvalid => RiskReasonCode.SignatureInvalid,
        RequestRefusal.Replayed => RiskReasonCode.NonceReplayed,
        _ => RiskReasonCode.CertificateInvalid,
    };

    private static Failure<RequestRefusal> Fail(RequestRefusal reason, string message) => new(reason, message);
}
