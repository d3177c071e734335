using System.Globalization;
using EId.Credentials;
using EId.Diagnostics;
using EId.Documents;
using EId.Faces;
using EId.Issuance;
using EId.Issuance.Binding;
using EId.Issuance.Journal;
using EId.Privacy;
using EId.Registry;
using EId.Risk;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace EId.Issuance.Issuing;

/// <summary>
/// The issuance system of the kiosk flow. For one request: security gateway → request binding and journal →
/// registry lookup (found, status valid) → document against the record → face match of the live frames against
/// the reference portrait → every liveness check → Claim 169 credential → registry write-back → risk event.
/// A refusal at any step issues nothing and is recorded in the risk store with typed reasons (the gateway records
/// its own). Decided outcomes are journaled per device and request id, so a retry gets the same answer.
/// </summary>
public sealed class TemporaryIdIssuer : IIssuer
{
    private const string Source = "issuer";

    private readonly ISecurityGateway _gateway;
    private readonly IIdentityRegistry _registry;
    private readonly IFaceVerifier _faces;
    private readonly CompositeLivenessCheck _liveness;
    private readonly ICredentialIssuer _credentials;
    private readonly IRiskStore _risk;
    private readonly IIssuanceJournal _journal;
    private readonly SubjectPseudonym? _pseudonym;
    private readonly IFaceCaptureAnalyzer? _analyzer;
    private readonly CredentialFaceCache? _credentialFaces;
    private readonly TimeProvider _time;
    private readonly IssuerOptions _options;
    private readonly ILogger _logger;

    /// <summary>Creates the issuer.</summary>
    /// <param name="gateway">The security gateway.</param>
    /// <param name="registry">The identity registry (local or over the sealed channel).</param>
    /// <param name="faces">The face verifier.</param>
    /// <param name="liveness">The liveness checks; all must pass. Empty refuses unless <see cref="IssuerOptions.AllowWithoutLiveness"/>.</param>
    /// <param name="credentials">The credential issuer.</param>
    /// <param name="risk">The risk store.</param>
    /// <param name="journal">The request journal.</param>
    /// <param name="options">Options (validated on start by <c>AddEIdIssuance</c>).</param>
    /// <param name="pseudonym">Keyed pseudonyms for subjects in risk events (the gateway's); null leaves only the masked id.</param>
    /// <param name="time">Time.</param>
    /// <param name="logger">Logger.</param>
    /// <param name="analyzer">
    /// Analyses each live frame once per request and shares it with the watchlist probe, the face verifier and the liveness
    /// checks (they reuse it when it is their own pipeline's, else analyse the frames themselves); null lets each step analyse.
    /// </param>
    public TemporaryIdIssuer(
        ISecurityGateway gateway,
        IIdentityRegistry registry,
        IFaceVerifier faces,
        IEnumerable<ILivenessCheck> liveness,
        ICredentialIssuer credentials,
        IRiskStore risk,
        IIssuanceJournal journal,
        IOptions<IssuerOptions> options,
        SubjectPseudonym? pseudonym = null,
        TimeProvider? time = null,
        ILogger<TemporaryIdIssuer>? logger = null,
        IFaceCaptureAnalyzer? analyzer = null)
    {
        ArgumentNullException.ThrowIfNull(liveness);
        ArgumentNullException.ThrowIfNull(options);
        _gateway = gateway ?? throw new ArgumentNullException(nameof(gateway));
        _registry = registry ?? throw new ArgumentNullException(nameof(registry));
        _faces = faces ?? throw new ArgumentNullException(nameof(faces));
        _liveness = new CompositeLivenessCheck(liveness, logger);
        _credentials = credentials ?? throw new ArgumentNullException(nameof(credentials));
        _risk = risk ?? throw new ArgumentNullException(nameof(risk));
        _journal = journal ?? throw new ArgumentNullException(nameof(journal));
        _options = options.Value;
        _pseudonym = pseudonym;
        _analyzer = analyzer;
        _time = time ?? TimeProvider.System;
        _logger = logger ?? NullLogger<TemporaryIdIssuer>.Instance;
        _credentialFaces = _options.CredentialFaceCacheCapacity > 0 ? new CredentialFaceCache(_options.CredentialFaceCacheCapacity) : null;
    }

    /// <summary>The number of liveness checks the issuer runs.</summary>
    public int LivenessCheckCount => _liveness.Checks.Count;

    /// <summary>Portraits whose credential face is cached (for tests).</summary>
    internal int CachedCredentialFaces => _credentialFaces?.Count ?? 0;

    /// <inheritdoc />
    public async ValueTask<IssuanceOutcome> IssueAsync(IssuanceRequest request, IProgress<IssuanceProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        using var scope = Telemetry.Issuance.Start();
        var outcome = await IssueCoreAsync(new Run(this, request, progress), cancellationToken).ConfigureAwait(false);
        var reason = outcome.Refusal is { Reasons.Count: > 0 } refusal ? refusal.Reasons[0] : null;
        scope.Complete(
            outcome.FromJournal ? IssuanceTelemetry.Replayed : outcome.IsIssued ? IssuanceTelemetry.Issued : IssuanceTelemetry.Refused,
            EIdTags.Tag(EIdTags.Step, outcome.Refusal?.Step.ToString()),
            EIdTags.Tag(EIdTags.Reason, reason?.Code.Value));
        return outcome;
    }

    /// <summary>The metrics and activities of this issuer (meter and activity source <see cref="IssuanceTelemetry.SourceName"/>).</summary>
    public IssuanceTelemetry Telemetry { get; init; } = IssuanceTelemetry.Shared;

    private async ValueTask<IssuanceOutcome> IssueCoreAsync(Run run, CancellationToken cancellationToken)
    {
        if (await RequestAsync(run, cancellationToken).ConfigureAwait(false) is { } malformed)
        {
            return malformed;
        }

        var live = new LiveFrames(_analyzer, run.Request.Capture, _options.FrameParallelism);
        await using var releaseFrames = live.ConfigureAwait(false);
        if (await GatewayAsync(run, live, cancellationToken).ConfigureAwait(false) is { } refused)
        {
            return refused;
        }

        if (await ClaimRequestIdAsync(run, cancellationToken).ConfigureAwait(false) is { } answered)
        {
            return answered;
        }

        try
        {
            return await DecideAsync(run, live, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            if (!run.Settled)
            {
                // Cancelled or a bug: free the request id so that a retry is not blocked until the pending timeout.
                await _journal.ReleaseAsync(run.Key!, CancellationToken.None).ConfigureAwait(false);
            }
        }
    }

    /// <summary>The steps after the request id is claimed, in order; the first refusal ends the request.</summary>
    private async ValueTask<IssuanceOutcome> DecideAsync(Run run, LiveFrames live, CancellationToken cancellationToken) =>
        await RegistryAsync(run, cancellationToken).ConfigureAwait(false)
        ?? await DocumentAsync(run, cancellationToken).ConfigureAwait(false)
        ?? await FaceMatchAsync(run, live, cancellationToken).ConfigureAwait(false)
        ?? await LivenessAsync(run, cancellationToken).ConfigureAwait(false)
        ?? await CredentialAsync(run, cancellationToken).ConfigureAwait(false)
        ?? await RegistryWriteBackAsync(run, cancellationToken).ConfigureAwait(false)
        ?? await RiskEventAsync(run, cancellationToken).ConfigureAwait(false);

    /// <summary><see cref="IssuanceStep.Request"/>, its shape: cheap checks before any work. Null when it passes.</summary>
    private async ValueTask<IssuanceOutcome?> RequestAsync(Run run, CancellationToken cancellationToken)
    {
        var request = run.Request;
        run.Start(IssuanceStep.Request);
        if (ShapeProblem(request) is { } problem)
        {
            return await run.RefuseAsync(IssuanceStep.Request, RiskReasonCode.RequestMalformed, problem, final: true, cancellationToken).ConfigureAwait(false);
        }

        run.Pass(IssuanceStep.Request, $"{request.Capture.Frames.Count} frames, document {PiiMask.IdNumber(request.Document.IdNumber)}");
        return null;
    }

    /// <summary>
    /// <see cref="IssuanceStep.Gateway"/>: device certificate and signature, time window, nonce, policies (the gateway records
    /// its own refusals), then the signed body must bind exactly this request. Null when it passes.
    /// </summary>
    private async ValueTask<IssuanceOutcome?> GatewayAsync(Run run, LiveFrames live, CancellationToken cancellationToken)
    {
        var request = run.Request;
        run.Start(IssuanceStep.Gateway);
        var probe = _options.ScreenFaceAtGateway ? await ProbeTemplateAsync(request.Capture, live, cancellationToken).ConfigureAwait(false) : null;
        var decision = await _gateway.CheckAsync(
            new GatewayRequest(request.Signed, _options.GatewayAction) { IdNumber = request.Document.IdNumber, Face = probe, RequestId = request.RequestId },
            cancellationToken).ConfigureAwait(false);
        if (!decision.IsAllowed)
        {
            return run.Refused(IssuanceStep.Gateway, decision.Reasons, retryable: false);
        }

        // The signature is authentic; the signed body must bind exactly this id, document and frames.
        if (!IssuanceRequestBinding.Matches(request))
        {
            return await run.RefuseAsync(IssuanceStep.Gateway, RiskReasonCode.RequestMalformed, "The signed body does not bind this request's document and frames.", final: true, cancellationToken).ConfigureAwait(false);
        }

        run.SiteId = decision.SiteId;
        run.Pass(IssuanceStep.Gateway, $"device {request.Signed.DeviceId}{(run.SiteId is null ? string.Empty : " at " + run.SiteId)} authenticated, {decision.Decision}");
        return null;
    }

    /// <summary>
    /// <see cref="IssuanceStep.Request"/>, its id: a decided request id answers from the journal, a concurrent one waits.
    /// Null when the id is claimed for this request (<see cref="Run.Key"/>).
    /// </summary>
    private async ValueTask<IssuanceOutcome?> ClaimRequestIdAsync(Run run, CancellationToken cancellationToken)
    {
        var request = run.Request;
        var key = JournalKey.Of(request.Signed.DeviceId, request.RequestId);
        var digest = IssuanceRequestBinding.PayloadDigest(request.RequestId, request.Document, request.Capture);
        var claim = await _journal.ClaimAsync(key, digest, _time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        switch (claim.State)
        {
            case JournalClaimState.Completed:
                run.Report(IssuanceStep.Request, IssuanceStepState.Skipped, "answered from the journal: this request id was decided before");
                _logger.LogInformation("Request {RequestId} from {DeviceId} answered from the journal", PiiMask.Text(request.RequestId, 8), request.Signed.DeviceId);
                return claim.Outcome!;
            case JournalClaimState.InProgress:
                return run.Refused(IssuanceStep.Request, Run.Reasons(IssuanceReasonCodes.InProgress, "This request id is being decided."), retryable: true);
            case JournalClaimState.PayloadMismatch:
                return await run.RefuseAsync(IssuanceStep.Request, IssuanceReasonCodes.RequestIdReused, "This request id was used for another payload.", final: true, cancellationToken).ConfigureAwait(false);
        }

        run.Key = key;
        return null;
    }

    /// <summary><see cref="IssuanceStep.Registry"/>: the citizen is found and valid (<see cref="Run.Citizen"/>). Null when it passes.</summary>
    private async ValueTask<IssuanceOutcome?> RegistryAsync(Run run, CancellationToken cancellationToken)
    {
        run.Start(IssuanceStep.Registry);
        var lookup = await _registry.LookupAsync(run.Request.Document.IdNumber, cancellationToken).ConfigureAwait(false);
        if (!lookup.TryGetValue(out var citizen, out var registryError))
        {
            // An unreachable registry may answer on a retry; a refusal it gave stands.
            var unavailable = registryError.Reason is RegistryError.Unavailable or RegistryError.ChannelRejected;
            return await run.RefuseAsync(IssuanceStep.Registry, unavailable ? RiskReasonCode.RegistryUnavailable : RiskReasonCode.RegistryRefused, $"Registry {registryError.Reason}.", final: !unavailable, cancellationToken).ConfigureAwait(false);
        }

        if (citizen.Status != CitizenStatus.Valid)
        {
            return await run.RefuseAsync(IssuanceStep.Registry, RiskReasonCode.RegistryRefused, $"Citizen status {citizen.Status}.", final: true, cancellationToken).ConfigureAwait(false);
        }

        run.Citizen = citizen;
        run.Pass(IssuanceStep.Registry, $"{PiiMask.IdNumber(citizen.IdNumber)} {PiiMask.Name(citizen.FullName)}: {citizen.Status}");
        return null;
    }

    /// <summary><see cref="IssuanceStep.Document"/>: the document is valid today and agrees with the registry record. Null when it passes.</summary>
    private async ValueTask<IssuanceOutcome?> DocumentAsync(Run run, CancellationToken cancellationToken)
    {
        var document = run.Request.Document;
        run.Start(IssuanceStep.Document);
        var today = DateOnly.FromDateTime(_time.GetUtcNow().UtcDateTime);
        if (!document.IsValidOn(today))
        {
            return await run.RefuseAsync(IssuanceStep.Document, IssuanceReasonCodes.DocumentExpired, "The document is outside its validity period.", final: true, cancellationToken).ConfigureAwait(false);
        }

        var mismatched = MismatchedFields(document, run.Citizen!);
        if (mismatched.Count > 0)
        {
            return await run.RefuseAsync(IssuanceStep.Document, IssuanceReasonCodes.DocumentMismatch, "Differs from the registry in: " + string.Join(", ", mismatched) + ".", final: true, cancellationToken).ConfigureAwait(false);
        }

        run.Pass(IssuanceStep.Document, $"{document.Kind} matches the registry record");
        return null;
    }

    /// <summary>
    /// <see cref="IssuanceStep.FaceMatch"/>: the reference portrait, the best live frame, the verifier's decision at its
    /// threshold (<see cref="Run.Reference"/>, <see cref="Run.ReferenceTemplate"/>). Starts the liveness checks beside it. Null when it passes.
    /// </summary>
    private async ValueTask<IssuanceOutcome?> FaceMatchAsync(Run run, LiveFrames live, CancellationToken cancellationToken)
    {
        var request = run.Request;
        run.Start(IssuanceStep.FaceMatch);
        var reference = ChooseReference(request.Document, run.Citizen!);
        if (reference is null)
        {
            return await run.RefuseAsync(IssuanceStep.FaceMatch, IssuanceReasonCodes.ReferenceUnusable, $"No usable {_options.ReferencePortrait} portrait.", final: true, cancellationToken).ConfigureAwait(false);
        }

        // With the frames analysed, the liveness checks start now, beside the reference enrolment (a new citizen's portrait
        // is detected and embedded on the other core); their verdict is only read after the face match has passed.
        var analysis = live.All(cancellationToken);
        run.Analysis = analysis;
        run.PendingLiveness = analysis is null || _liveness.Checks.Count == 0 ? null : live.Beside(() => CheckLivenessAsync(request.Capture, analysis, cancellationToken), cancellationToken);
        var enrolled = await _faces.EnrollAsync(reference, cancellationToken).ConfigureAwait(false);
        if (!enrolled.TryGetValue(out var referenceTemplate, out var enrolFailure))
        {
            return await run.RefuseAsync(IssuanceStep.FaceMatch, IssuanceReasonCodes.ReferenceUnusable, $"Reference portrait: {string.Join(", ", enrolFailure.Reasons)}.", final: true, cancellationToken).ConfigureAwait(false);
        }

        var match = analysis is null
            ? await _faces.VerifyAsync(referenceTemplate, request.Capture, cancellationToken).ConfigureAwait(false)
            : await _faces.VerifyAsync(referenceTemplate, analysis, cancellationToken).ConfigureAwait(false);
        var score = float.IsNaN(match.Score) ? "n/a" : match.Score.ToString("0.000", CultureInfo.InvariantCulture);
        var matchDetail = $"best frame {match.FrameIndex?.ToString(CultureInfo.InvariantCulture) ?? "none"}, score {score}, threshold {match.Threshold.ToString("0.000", CultureInfo.InvariantCulture)}";
        if (match.Decision == MatchDecision.Inconclusive)
        {
            var code = match.Reasons.Contains(FaceMatchReason.ModelMismatch) ? IssuanceReasonCodes.ReferenceUnusable : RiskReasonCode.PoorQuality;
            return await run.RefuseAsync(IssuanceStep.FaceMatch, code, $"No usable live face ({string.Join(", ", match.Reasons)}).", final: true, cancellationToken).ConfigureAwait(false);
        }

        if (_options.RefuseSeveralFaces && match.Reasons.Contains(FaceMatchReason.SeveralFaces))
        {
            return await run.RefuseAsync(IssuanceStep.FaceMatch, RiskReasonCode.PoorQuality, "More than one face in the live frames.", final: true, cancellationToken).ConfigureAwait(false);
        }

        if (!match.IsMatch)
        {
            return await run.RefuseAsync(IssuanceStep.FaceMatch, RiskReasonCode.FaceMismatch, matchDetail, final: true, cancellationToken).ConfigureAwait(false);
        }

        run.Reference = reference;
        run.ReferenceTemplate = referenceTemplate;
        run.Pass(IssuanceStep.FaceMatch, matchDetail);
        return null;
    }

    /// <summary><see cref="IssuanceStep.Liveness"/>: every registered check must say live. Null when it passes.</summary>
    private async ValueTask<IssuanceOutcome?> LivenessAsync(Run run, CancellationToken cancellationToken)
    {
        run.Start(IssuanceStep.Liveness);
        if (_liveness.Checks.Count == 0)
        {
            if (!_options.AllowWithoutLiveness)
            {
                return await run.RefuseAsync(IssuanceStep.Liveness, IssuanceReasonCodes.NoLivenessCheck, "No liveness check is configured.", final: true, cancellationToken).ConfigureAwait(false);
            }

            _logger.LogWarning("Issuing without any liveness check (AllowWithoutLiveness is set): not for production use");
            run.Report(IssuanceStep.Liveness, IssuanceStepState.Skipped, "no liveness check configured; allowed by AllowWithoutLiveness (demo only)");
            return null;
        }

        var result = await (run.PendingLiveness ?? CheckLivenessAsync(run.Request.Capture, run.Analysis, cancellationToken)).ConfigureAwait(false);
        if (!result.IsLive)
        {
            return await run.RefuseAsync(IssuanceStep.Liveness, RiskReasonCode.LivenessFailed, $"{result.Decision} ({string.Join(", ", result.Reasons)}): {result.Detail}", final: true, cancellationToken).ConfigureAwait(false);
        }

        run.Pass(IssuanceStep.Liveness, $"{_liveness.Checks.Count} check(s) passed: {_liveness.Name}");
        return null;
    }

    /// <summary>
    /// <see cref="IssuanceStep.Credential"/>: signs the Claim 169 credential (<see cref="Run.Credential"/>). The face it carried
    /// for this portrait before (e.g. the issuer's thumbnail) is given back as is. Null when it passes.
    /// </summary>
    private async ValueTask<IssuanceOutcome?> CredentialAsync(Run run, CancellationToken cancellationToken)
    {
        var (request, citizen, document) = (run.Request, run.Citizen!, run.Request.Document);
        run.Start(IssuanceStep.Credential);
        var face = _options.CredentialFace.HasFlag(CredentialFace.Thumbnail) ? run.Reference : null;
        var faceKey = face is null || _credentialFaces is null ? null : CredentialFaceCache.KeyOf(face);
        FaceBox? faceRegion = null;
        if (faceKey is not null && _credentialFaces!.TryGet(faceKey, out var encodedFace))
        {
            face = encodedFace;
        }
        else if (face is not null)
        {
            faceRegion = LocateFace(face);
        }

        var subject = new CredentialSubject
        {
            IdNumber = citizen.IdNumber,
            FullName = citizen.FullName,
            BirthDate = citizen.BirthDate ?? document.BirthDate,
            Gender = citizen.Gender != Gender.Unspecified ? citizen.Gender : document.Gender,
            Address = citizen.Address ?? document.Address,
            Nationality = document.Nationality,
            Face = face,
            FaceTemplate = _options.CredentialFace.HasFlag(CredentialFace.Template) ? run.ReferenceTemplate : null,
        };
        IssuedCredential credential;
        try
        {
            credential = await _credentials.IssueAsync(new CredentialRequest(subject, request.Signed.DeviceId, _options.CredentialValidity) { FaceRegion = faceRegion }, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            _logger.LogError(ex, "Signing the credential for request {RequestId} failed", PiiMask.Text(request.RequestId, 8));
            return await run.RefuseAsync(IssuanceStep.Credential, IssuanceReasonCodes.CredentialFailed, "The credential could not be signed.", final: false, cancellationToken).ConfigureAwait(false);
        }

        if (faceKey is not null && credential.Subject.Face is { } carried && !ReferenceEquals(carried, face))
        {
            _credentialFaces!.Add(faceKey, carried);
        }

        run.Credential = credential;
        run.Pass(IssuanceStep.Credential, $"serial {credential.Metadata.Serial}, {credential.QrText.Length} QR characters, expires {credential.Metadata.ExpiresAt:u}");
        return null;
    }

    /// <summary><see cref="IssuanceStep.RegistryWriteBack"/>: until the registry records the issuance, the credential has not left the issuer. Null when it passes.</summary>
    private async ValueTask<IssuanceOutcome?> RegistryWriteBackAsync(Run run, CancellationToken cancellationToken)
    {
        var (request, credential) = (run.Request, run.Credential!);
        run.Start(IssuanceStep.RegistryWriteBack);
        var issuedAt = credential.Metadata.IssuedAt ?? _time.GetUtcNow();
        var record = new IssuanceRecord(run.Citizen!.IdNumber, credential.Metadata.Serial ?? string.Empty, request.Signed.DeviceId, issuedAt, credential.Metadata.ExpiresAt ?? issuedAt + _options.CredentialValidity)
        {
            RequestId = request.RequestId,
        };
        var written = await _registry.RecordIssuanceAsync(record, cancellationToken).ConfigureAwait(false);
        if (!written.IsSuccess)
        {
            var unavailable = written.Error.Reason is RegistryError.Unavailable or RegistryError.ChannelRejected;
            return await run.RefuseAsync(
                IssuanceStep.RegistryWriteBack,
                unavailable ? RiskReasonCode.RegistryUnavailable : RiskReasonCode.RegistryRefused,
                $"Recording the issuance: registry {written.Error.Reason}.",
                final: !unavailable,
                cancellationToken).ConfigureAwait(false);
        }

        run.Pass(IssuanceStep.RegistryWriteBack, $"issuance {credential.Metadata.Serial} recorded");
        return null;
    }

    /// <summary><see cref="IssuanceStep.RiskEvent"/>: the audit trail is part of issuing; only once it is written is the credential released.</summary>
    private async ValueTask<IssuanceOutcome> RiskEventAsync(Run run, CancellationToken cancellationToken)
    {
        var (request, credential) = (run.Request, run.Credential!);
        run.Start(IssuanceStep.RiskEvent);
        try
        {
            await _risk.AppendAsync(run.Event(RiskDecision.Allow, Run.Reasons(RiskReasonCode.Issued, $"serial {credential.Metadata.Serial}")), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            _logger.LogError(ex, "Recording the issuance event for request {RequestId} failed", PiiMask.Text(request.RequestId, 8));
            return run.Refused(IssuanceStep.RiskEvent, Run.Reasons(IssuanceReasonCodes.CredentialFailed, "The issuance event could not be recorded."), retryable: true);
        }

        run.Pass(IssuanceStep.RiskEvent, "issuance recorded in the risk store");
        var outcome = IssuanceOutcome.Issued(request.RequestId, credential) with { DecidedAt = _time.GetUtcNow() };
        await run.SettleAsync(outcome, final: true, cancellationToken).ConfigureAwait(false);
        _logger.LogInformation(
            "Issued credential {Serial} to {Subject} at device {DeviceId} for request {RequestId} in {Elapsed} ms",
            credential.Metadata.Serial,
            PiiMask.IdNumber(run.Citizen!.IdNumber),
            request.Signed.DeviceId,
            PiiMask.Text(request.RequestId, 8),
            (long)run.Elapsed.TotalMilliseconds);
        return outcome;
    }

    /// <summary>Where the face is in the portrait the credential carries, so its thumbnail shows the face; null without an analyzer or a face.</summary>
    private FaceBox? LocateFace(DocumentPortrait portrait)
    {
        if (_analyzer is null)
        {
            return null;
        }

        var analysis = _analyzer.AnalyzeFrame(new FaceFrame(portrait.Data, TimeSpan.Zero), 0);
        using (analysis.Image)
        {
            return analysis.Subject?.Box;
        }
    }

    /// <summary>Runs the liveness policy (every check must say live; a check that throws refuses).</summary>
    private async Task<LivenessResult> CheckLivenessAsync(FaceCapture capture, FaceCaptureAnalysis? analysis, CancellationToken cancellationToken) =>
        analysis is null
            ? await _liveness.CheckAsync(capture, cancellationToken).ConfigureAwait(false)
            : await _liveness.CheckAsync(analysis, cancellationToken).ConfigureAwait(false);

    private string? ShapeProblem(IssuanceRequest request)
    {
        if (string.IsNullOrWhiteSpace(request.RequestId) || request.RequestId.Length > 128)
        {
            return "The request id must be 1 to 128 characters.";
        }

        if (string.IsNullOrWhiteSpace(request.Document.IdNumber))
        {
            return "The document has no id number.";
        }

        if (request.Capture.Frames.Count == 0)
        {
            return "No live frames.";
        }

        if (request.Capture.Frames.Count > _options.MaxFrames)
        {
            return $"At most {_options.MaxFrames} live frames are accepted.";
        }

        return null;
    }

    private async ValueTask<FaceTemplate?> ProbeTemplateAsync(FaceCapture capture, LiveFrames live, CancellationToken cancellationToken)
    {
        // The first encoded frame; a failure leaves the watchlist without a probe rather than refusing here (the face step decides).
        var index = 0;
        while (index < capture.Frames.Count && capture.Frames[index].Raw is not null)
        {
            index++;
        }

        if (index == capture.Frames.Count)
        {
            return null;
        }

        if (live.Frame(index, cancellationToken) is { } analysed)
        {
            return analysed.Template;
        }

        var enrolled = await _faces.EnrollAsync(new DocumentPortrait(capture.Frames[index].Data, ImageFormat.Unknown), cancellationToken).ConfigureAwait(false);
        return enrolled.IsSuccess ? enrolled.Value : null;
    }

    private DocumentPortrait? ChooseReference(IdentityDocument document, CitizenRecord citizen)
    {
        var registry = Usable(citizen.Portrait);
        var fromDocument = Usable(document.Portrait);
        return _options.ReferencePortrait switch
        {
            ReferencePortrait.Document => fromDocument,
            ReferencePortrait.RegistryThenDocument => registry ?? fromDocument,
            _ => registry,
        };

        // WLT needs a licensed decoder on the reader; undecoded it cannot be matched.
        static DocumentPortrait? Usable(DocumentPortrait? portrait) =>
            portrait is { Data.Length: > 0, Format: not ImageFormat.Wlt } ? portrait : null;
    }

    private static List<string> MismatchedFields(IdentityDocument document, CitizenRecord citizen)
    {
        var fields = new List<string>();
        if (!string.Equals(document.IdNumber.Trim(), citizen.IdNumber.Trim(), StringComparison.OrdinalIgnoreCase))
        {
            fields.Add("id number");
        }

        if (!string.Equals(Normalise(document.FullName), Normalise(citizen.FullName), StringComparison.Ordinal))
        {
            fields.Add("name");
        }

        if (document.BirthDate is { } born && citizen.BirthDate is { } registered && born != registered)
        {
            fields.Add("birth date");
        }

        if (document.Gender != Gender.Unspecified && citizen.Gender != Gender.Unspecified && document.Gender != citizen.Gender)
        {
            fields.Add("gender");
        }

        return fields;

        static string Normalise(string value) => string.Join(' ', value.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)).Normalize();
    }

    /// <summary>
    /// The request's live frames, each analysed at most once and shared by the watchlist probe, the face match and the
    /// liveness checks (nothing is analysed here without an analyzer: each step then analyses on its own). Before the
    /// gateway has authenticated the request only one round of frames is analysed (the probe frame and as many others as
    /// run side by side), so an unauthenticated request costs the time of one frame. Disposing waits for work started
    /// <see cref="Beside"/> the request's own, then releases the decoded frames.
    /// </summary>
    private sealed class LiveFrames(IFaceCaptureAnalyzer? analyzer, FaceCapture capture, int parallelism) : IAsyncDisposable
    {
        private readonly FaceFrameAnalysis?[] _frames = new FaceFrameAnalysis?[capture.Frames.Count];
        private FaceCaptureAnalysis? _all;
        private Task? _beside;

        /// <summary>The analysis of frame <paramref name="index"/>, made in one round with the next frames not yet analysed; null without an analyzer.</summary>
        public FaceFrameAnalysis? Frame(int index, CancellationToken cancellationToken)
        {
            if (analyzer is null)
            {
                return null;
            }

            if (_frames[index] is null)
            {
                var round = Enumerable.Range(0, _frames.Length).Where(i => i != index && _frames[i] is null).Take(Math.Max(0, parallelism - 1)).Prepend(index);
                FaceCaptureAnalysis.AnalyzeInto(analyzer, capture, _frames, round, parallelism, cancellationToken);
            }

            return _frames[index];
        }

        /// <summary>Every frame analysed; null without an analyzer.</summary>
        public FaceCaptureAnalysis? All(CancellationToken cancellationToken)
        {
            if (analyzer is not null && _all is null)
            {
                FaceCaptureAnalysis.AnalyzeInto(analyzer, capture, _frames, Enumerable.Range(0, _frames.Length), parallelism, cancellationToken);
                _all = new FaceCaptureAnalysis(capture, [.. _frames.Select(f => f!)], analyzer);
            }

            return _all;
        }

        /// <summary>Starts <paramref name="work"/> on the thread pool; it may read the frames until it ends, and disposal waits for it.</summary>
        public Task<T> Beside<T>(Func<Task<T>> work, CancellationToken cancellationToken)
        {
            var task = Task.Run(work, cancellationToken);
            _beside = task;
            return task;
        }

        public async ValueTask DisposeAsync()
        {
            if (_beside is { } beside)
            {
                try
                {
                    await beside.ConfigureAwait(false);
                }
                catch (Exception)
                {
                    // Its outcome was either read by the request or not needed (the request was refused before); only its end matters here.
                }
            }

            foreach (var frame in _frames)
            {
                frame?.Image?.Dispose();
            }
        }
    }

    /// <summary>The state of one request while it is decided: timing, progress, refusal recording and journaling.</summary>
    private sealed class Run(TemporaryIdIssuer issuer, IssuanceRequest request, IProgress<IssuanceProgress>? progress)
    {
        private readonly long _started = issuer._time.GetTimestamp();
        private long _stepStarted;

        public IssuanceRequest Request => request;

        /// <summary>The journal key, once the request id is claimed.</summary>
        public string? Key { get; set; }

        /// <summary>The authenticated device's site, from the gateway's decision.</summary>
        public string? SiteId { get; set; }

        /// <summary>The registry record (after <see cref="IssuanceStep.Registry"/>).</summary>
        public CitizenRecord? Citizen { get; set; }

        /// <summary>The live frames analysed once, when an analyzer is configured (from <see cref="IssuanceStep.FaceMatch"/>).</summary>
        public FaceCaptureAnalysis? Analysis { get; set; }

        /// <summary>The liveness checks started beside the face match; null when they run at <see cref="IssuanceStep.Liveness"/>.</summary>
        public Task<LivenessResult>? PendingLiveness { get; set; }

        /// <summary>The reference portrait and its template (after <see cref="IssuanceStep.FaceMatch"/>).</summary>
        public DocumentPortrait? Reference { get; set; }

        /// <inheritdoc cref="Reference"/>
        public FaceTemplate? ReferenceTemplate { get; set; }

        /// <summary>The signed credential (after <see cref="IssuanceStep.Credential"/>).</summary>
        public IssuedCredential? Credential { get; set; }

        public bool Settled { get; private set; }

        public TimeSpan Elapsed => issuer._time.GetElapsedTime(_started);

        public void Start(IssuanceStep step)
        {
            _stepStarted = issuer._time.GetTimestamp();
            progress?.Report(new IssuanceProgress(step, IssuanceStepState.Started, TimeSpan.Zero, string.Empty));
        }

        public void Pass(IssuanceStep step, string detail) => Report(step, IssuanceStepState.Passed, detail);

        public void Report(IssuanceStep step, IssuanceStepState state, string detail)
        {
            var elapsed = issuer._time.GetElapsedTime(_stepStarted);
            issuer.Telemetry.Step(step, state, elapsed);
            progress?.Report(new IssuanceProgress(step, state, elapsed, detail));
        }

        /// <summary>One reason given by the issuer.</summary>
        public static RiskReason[] Reasons(RiskReasonCode code, string detail) => [new RiskReason(code, detail, Source)];

        /// <summary>The issuer's risk event for this request (its refusals and its issuance alike).</summary>
        public RiskEvent Event(RiskDecision decision, IReadOnlyList<RiskReason> reasons) => new()
        {
            Id = Guid.CreateVersion7(issuer._time.GetUtcNow()),
            At = issuer._time.GetUtcNow(),
            Action = issuer._options.GatewayAction,
            Decision = decision,
            Reasons = reasons,
            DeviceId = request.Signed.DeviceId,
            SiteId = SiteId,
            SubjectKey = issuer._pseudonym?.Of(request.Document.IdNumber),
            SubjectMasked = PiiMask.IdNumber(request.Document.IdNumber),
            RequestId = request.RequestId,
        };

        /// <summary>A refusal that is neither recorded nor journaled here (the gateway recorded it, or it is transient).</summary>
        public IssuanceOutcome Refused(IssuanceStep step, IReadOnlyList<RiskReason> reasons, bool retryable)
        {
            var outcome = IssuanceOutcome.Refused(request.RequestId, new IssuanceRefusal(step, reasons) { Retryable = retryable }) with { DecidedAt = issuer._time.GetUtcNow() };
            Report(step, IssuanceStepState.Failed, string.Join("; ", reasons.Select(r => $"{r.Code}: {r.Detail}")));
            issuer._logger.LogInformation(
                "Refused request {RequestId} from {DeviceId} at {Step}: {Codes}",
                PiiMask.Text(request.RequestId, 8),
                request.Signed.DeviceId,
                step,
                string.Join(", ", reasons.Select(r => r.Code.Value)));
            return outcome;
        }

        /// <summary>
        /// Refuses at <paramref name="step"/>, records the refusal in the risk store and settles the request id.
        /// <paramref name="final"/>: the same request would be refused again (not retryable; once the request id is claimed,
        /// journaled so a retry is answered from the journal); otherwise the refusal is transient (retryable, the id released).
        /// </summary>
        public async ValueTask<IssuanceOutcome> RefuseAsync(IssuanceStep step, RiskReasonCode code, string detail, bool final, CancellationToken cancellationToken)
        {
            var reasons = Reasons(code, detail);
            var outcome = Refused(step, reasons, retryable: !final);
            try
            {
                await issuer._risk.AppendAsync(Event(RiskDecision.Deny, reasons), cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                issuer._logger.LogError(ex, "Recording the refusal of request {RequestId} failed", PiiMask.Text(request.RequestId, 8));
            }

            await SettleAsync(outcome, final, cancellationToken).ConfigureAwait(false);
            return outcome;
        }

        /// <summary>Journals a final outcome, or releases the request id of a transient one (nothing before the id is claimed).</summary>
        public async ValueTask SettleAsync(IssuanceOutcome outcome, bool final, CancellationToken cancellationToken)
        {
            if (Key is null)
            {
                return;
            }

            if (final)
            {
                await issuer._journal.CompleteAsync(Key, outcome, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await issuer._journal.ReleaseAsync(Key, cancellationToken).ConfigureAwait(false);
            }

            Settled = true;
        }
    }
}
