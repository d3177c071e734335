using EId.Credentials;
using EId.Documents;
using EId.Faces;
using EId.Registry;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace EId.Postal.Courier;

/// <summary>
/// The identity server's side of the courier flow. For an ID card: document validity → registry
/// lookup (status, name, portrait) → liveness → face match of the registry (else card) portrait
/// against the live capture. For an EId QR credential: offline verification → liveness → face
/// match against the credential's face claim (registry lookup only when configured). The
/// registry, face verifier, liveness checks and credential verifier are Abstractions interfaces;
/// the host wires the real implementations.
/// </summary>
public sealed class SenderIdentityCheck
{
    private readonly IIdentityRegistry _registry;
    private readonly IFaceVerifier _faces;
    private readonly CompositeLivenessCheck _liveness;
    private readonly ICredentialVerifier? _credentials;
    private readonly TimeProvider _time;
    private readonly ILogger<SenderIdentityCheck> _logger;
    private readonly string _verifierId;
    private readonly bool _lookUpCredentialHolders;

    /// <summary>Creates the check.</summary>
    /// <param name="registry">The identity registry.</param>
    /// <param name="faces">The face verifier.</param>
    /// <param name="liveness">Liveness checks, run as one <see cref="CompositeLivenessCheck"/> exactly as the issuer runs them: all
    /// must say live, a check that throws refuses, and none configured refuses every sender (no liveness evidence).</param>
    /// <param name="credentials">The QR credential verifier, or null when QR credentials are not accepted.</param>
    /// <param name="options">Postal options (verifier id, credential lookup).</param>
    /// <param name="time">Clock.</param>
    /// <param name="logger">Logger.</param>
    public SenderIdentityCheck(
        IIdentityRegistry registry,
        IFaceVerifier faces,
        IEnumerable<ILivenessCheck> liveness,
        ICredentialVerifier? credentials,
        IOptions<PostalOptions> options,
        TimeProvider time,
        ILogger<SenderIdentityCheck>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(faces);
        ArgumentNullException.ThrowIfNull(liveness);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        _registry = registry;
        _faces = faces;
        _liveness = new CompositeLivenessCheck(liveness, logger);
        _credentials = credentials;
        _time = time;
        _logger = logger ?? NullLogger<SenderIdentityCheck>.Instance;
        _verifierId = options.Value.VerifierId;
        _lookUpCredentialHolders = options.Value.LookUpCredentialHolders;
    }

    /// <summary>Checks the sender presented in <paramref name="request"/>.</summary>
    public async ValueTask<SenderCheckOutcome> CheckAsync(SenderCheckRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var outcome = (request.Document, request.CredentialQr) switch
        {
            ({ } document, null) => await CheckCardAsync(document, request, cancellationToken).ConfigureAwait(false),
            (null, { Length: > 0 } qr) => await CheckCredentialAsync(qr, request, cancellationToken).ConfigureAwait(false),
            _ => Reject(SenderVerdict.DocumentRejected, null, SenderCheckReason.NoIdentityPresented),
        };
        _logger.LogInformation("Sender check for waybill {Waybill}: {Outcome}", request.Parcel.WaybillNumber, outcome);
        return outcome;
    }

    private async ValueTask<SenderCheckOutcome> CheckCardAsync(IdentityDocument document, SenderCheckRequest request, CancellationToken cancellationToken)
    {
        const string method = "id-card";
        if (string.IsNullOrWhiteSpace(document.IdNumber) || string.IsNullOrWhiteSpace(document.FullName))
        {
            return Reject(SenderVerdict.DocumentRejected, method, SenderCheckReason.DocumentIncomplete);
        }

        var today = DateOnly.FromDateTime(_time.GetLocalNow().DateTime);
        if (!document.IsValidOn(today))
        {
            return Reject(SenderVerdict.DocumentRejected, method, SenderCheckReason.DocumentExpired);
        }

        var lookup = await _registry.LookupAsync(document.IdNumber, cancellationToken).ConfigureAwait(false);
        if (!lookup.TryGetValue(out var citizen, out var registryError))
        {
            return Reject(SenderVerdict.RegistryRejected, method, registryError.Reason == RegistryError.NotFound ? SenderCheckReason.RegistryNotFound : SenderCheckReason.RegistryUnavailable);
        }

        if (citizen.Status != CitizenStatus.Valid)
        {
            return Reject(SenderVerdict.RegistryRejected, method, SenderCheckReason.RegistryStatusNotValid);
        }

        if (!string.Equals(Normalise(citizen.FullName), Normalise(document.FullName), StringComparison.Ordinal))
        {
            return Reject(SenderVerdict.RegistryRejected, method, SenderCheckReason.NameMismatch);
        }

        // The registry portrait is the authority; the card's own (often WLT-encoded) photo is the fallback.
        var portrait = citizen.Portrait ?? document.Portrait;
        if (portrait is null)
        {
            return Reject(SenderVerdict.FaceMismatch, method, SenderCheckReason.NoReferencePortrait);
        }

        return await CheckFaceAsync(method, request.LiveFace, live => _faces.VerifyAsync(portrait, live, cancellationToken), new SenderPii(document.IdNumber, document.FullName, request.SenderPhone), cancellationToken).ConfigureAwait(false);
    }

    private async ValueTask<SenderCheckOutcome> CheckCredentialAsync(string qr, SenderCheckRequest request, CancellationToken cancellationToken)
    {
        const string method = "eid-qr";
        if (_credentials is null)
        {
            return Reject(SenderVerdict.DocumentRejected, method, SenderCheckReason.CredentialInvalid);
        }

        var verification = await _credentials.VerifyAsync(qr, cancellationToken).ConfigureAwait(false);
        if (!verification.IsValid || verification.Subject is null)
        {
            return Reject(SenderVerdict.DocumentRejected, method, SenderCheckReason.CredentialInvalid);
        }

        var subject = verification.Subject;
        if (string.IsNullOrWhiteSpace(subject.IdNumber) || string.IsNullOrWhiteSpace(subject.FullName))
        {
            return Reject(SenderVerdict.DocumentRejected, method, SenderCheckReason.DocumentIncomplete);
        }

        if (subject.Face is null && subject.FaceTemplate is null)
        {
            return Reject(SenderVerdict.DocumentRejected, method, SenderCheckReason.CredentialHasNoFace);
        }

        if (_lookUpCredentialHolders)
        {
            var lookup = await _registry.LookupAsync(subject.IdNumber, cancellationToken).ConfigureAwait(false);
            if (!lookup.TryGetValue(out var citizen, out var registryError))
            {
                return Reject(SenderVerdict.RegistryRejected, method, registryError.Reason == RegistryError.NotFound ? SenderCheckReason.RegistryNotFound : SenderCheckReason.RegistryUnavailable);
            }

            if (citizen.Status != CitizenStatus.Valid)
            {
                return Reject(SenderVerdict.RegistryRejected, method, SenderCheckReason.RegistryStatusNotValid);
            }
        }

        var pii = new SenderPii(subject.IdNumber, subject.FullName, request.SenderPhone);
        return subject.FaceTemplate is { } template
            ? await CheckFaceAsync(method, request.LiveFace, live => _faces.VerifyAsync(template, live, cancellationToken), pii, cancellationToken).ConfigureAwait(false)
            : await CheckFaceAsync(method, request.LiveFace, live => _faces.VerifyAsync(subject.Face!, FaceReferenceKind.Thumbnail, live, cancellationToken), pii, cancellationToken).ConfigureAwait(false);
    }

    private async ValueTask<SenderCheckOutcome> CheckFaceAsync(string method, FaceCapture live, Func<FaceCapture, ValueTask<FaceMatch>> match, SenderPii pii, CancellationToken cancellationToken)
    {
        if (live.Frames.Count == 0)
        {
            return Reject(SenderVerdict.NotLive, method, SenderCheckReason.NoLiveFrames);
        }

        // Liveness first: a spoof should not even be compared, and its score is kept for the record.
        var liveness = await _liveness.CheckAsync(live, cancellationToken).ConfigureAwait(false);
        var livenessScore = liveness.Score;
        if (!liveness.IsLive)
        {
            _logger.LogInformation("Sender not live: {Decision} ({Reasons})", liveness.Decision, string.Join(", ", liveness.Reasons));
            return Reject(SenderVerdict.NotLive, method, SenderCheckReason.LivenessFailed, livenessScore: livenessScore);
        }

        var face = await match(live).ConfigureAwait(false);
        if (!face.IsMatch)
        {
            var reason = face.Decision == MatchDecision.Inconclusive ? SenderCheckReason.FaceInconclusive : SenderCheckReason.FaceNotMatched;
            return Reject(SenderVerdict.FaceMismatch, method, reason, face.Score, livenessScore);
        }

        return new SenderCheckOutcome(Verification(SenderVerdict.Verified, method, face.Score, livenessScore), [SenderCheckReason.AllChecksPassed], pii);
    }

    private SenderCheckOutcome Reject(SenderVerdict verdict, string? method, SenderCheckReason reason, float faceScore = float.NaN, float livenessScore = float.NaN) =>
        new(Verification(verdict, method, faceScore, livenessScore), [reason], null);

    private SenderVerification Verification(SenderVerdict verdict, string? method, float faceScore, float livenessScore) =>
        new(verdict, faceScore, livenessScore, _time.GetUtcNow()) { VerifierId = _verifierId, Method = method };

    private static string Normalise(string name) => string.Concat(name.Where(c => !char.IsWhiteSpace(c) && c is not '·' and not '.')).ToUpperInvariant();
}
