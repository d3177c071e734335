using System.Security.Cryptography;
using EId.Postal.Courier;
using EId.Privacy;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace EId.Postal.Verdicts;

/// <summary>
/// The identity server's decision as a signed verdict (S2): runs <see cref="SenderIdentityCheck"/> (document, registry,
/// liveness, face) and signs the outcome bound to the parcel. The verdict carries the sender as the regulator-keyed token
/// and a masked name only; the ID number and full name stay on the identity server.
/// </summary>
public sealed class VerdictIssuer
{
    private readonly SenderIdentityCheck _check;
    private readonly VerdictSigner _signer;
    private readonly SenderTokenKey _tokens;
    private readonly TimeProvider _time;
    private readonly TimeSpan _lifetime;
    private readonly ILogger<VerdictIssuer> _logger;

    /// <summary>Creates the issuer.</summary>
    /// <param name="check">The identity check.</param>
    /// <param name="signer">The verdict signing key.</param>
    /// <param name="tokens">The regulator's sender-token key.</param>
    /// <param name="options">Verdict options (lifetime).</param>
    /// <param name="time">Clock.</param>
    /// <param name="logger">Logger.</param>
    public VerdictIssuer(SenderIdentityCheck check, VerdictSigner signer, SenderTokenKey tokens, IOptions<VerdictOptions> options, TimeProvider time, ILogger<VerdictIssuer>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(check);
        ArgumentNullException.ThrowIfNull(signer);
        ArgumentNullException.ThrowIfNull(tokens);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        _check = check;
        _signer = signer;
        _tokens = tokens;
        _lifetime = options.Value.Lifetime;
        _time = time;
        _logger = logger ?? NullLogger<VerdictIssuer>.Instance;
    }

    /// <summary>Checks the sender in <paramref name="request"/> and signs the verdict.</summary>
    /// <param name="request">The handheld's request (already authenticated by the host).</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The signed verdict.</returns>
    public async ValueTask<SignedVerdict> IssueAsync(SenderCheckRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var outcome = await _check.CheckAsync(request, cancellationToken).ConfigureAwait(false);
        var verdict = Verdict(request, outcome);
        var signed = new SignedVerdict(verdict with { KeyId = _signer.KeyId }, _signer.Sign(verdict));
        _logger.LogInformation("Signed {Verdict}.", signed.Verdict);
        return signed;
    }

    /// <summary>The unsigned verdict for an outcome (also used by hosts that run the check themselves).</summary>
    /// <param name="request">The request.</param>
    /// <param name="outcome">The identity check's outcome.</param>
    /// <returns>The verdict (fresh id, issued now).</returns>
    public IdentityVerdict Verdict(SenderCheckRequest request, SenderCheckOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(outcome);
        var now = _time.GetUtcNow();
        var pii = outcome.IsVerified ? outcome.Pii : null;
        return new IdentityVerdict
        {
            VerdictId = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)),
            KeyId = _signer.KeyId,
            Outcome = outcome.Verification.Verdict,
            Reasons = outcome.Reasons,
            SenderToken = pii is null ? null : _tokens.TokenOf(pii.IdNumber),
            SenderNameMasked = pii is null ? null : PiiMask.Name(pii.FullName),
            SenderPhoneMasked = pii?.Phone is { } phone ? PiiMask.Phone(phone) : null,
            Method = outcome.Verification.Method,
            FaceScore = outcome.Verification.FaceScore,
            LivenessScore = outcome.Verification.LivenessScore,
            WaybillNumber = request.Parcel.WaybillNumber ?? string.Empty,
            ParcelHash = ParcelBinding.Hash(request.Parcel),
            DeviceId = request.DeviceId,
            CourierId = request.CourierId,
            IssuedAt = now,
            ExpiresAt = now + _lifetime,
        };
    }
}
