using EId.Documents;
using EId.Faces;
using EId.Issuance;
using EId.Issuance.Binding;
using EId.Issuance.Issuing;
using EId.Issuance.Journal;
using EId.Registry;
using EId.Risk;
using EId.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using SkiaSharp;

namespace EId.Issuance.Tests.Issuing;

/// <summary>
/// The issuer's refusal branches that the end-to-end tests do not reach, each through the real packages: an expired
/// document, an unusable reference portrait, a request id still being decided, a credential that cannot be signed or
/// recorded, the match threshold override, and several faces in the live frames.
/// </summary>
public sealed class IssuerStepTests(FaceFixture faces) : IClassFixture<FaceFixture>
{
    private static readonly CancellationToken Ct = TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_expired_document_is_refused_at_the_document_step_and_journaled()
    {
        await using var h = IssuanceHarness.Create(faces.Verifier);
        var citizen = await h.SeedCitizenAsync(IssuanceHarness.NewIdNumber(61), IssuanceHarness.ObamaReference);
        var expired = await IssuanceHarness.ReadCardAsync(citizen) with { ValidFrom = new DateOnly(2000, 1, 1), ValidUntil = new DateOnly(2020, 1, 1) };
        var capture = IssuanceHarness.Capture(IssuanceHarness.ObamaLive);

        var outcome = await h.Issuer.IssueAsync(h.Sign("req-expired", expired, capture), cancellationToken: Ct);
        var retry = await h.Issuer.IssueAsync(h.Sign("req-expired", expired, capture), cancellationToken: Ct);

        Assert.False(outcome.IsIssued);
        Assert.Equal(IssuanceStep.Document, outcome.Refusal.Step);
        Assert.True(outcome.Refusal.Has(IssuanceReasonCodes.DocumentExpired), outcome.Refusal.ToString());
        Assert.False(outcome.Refusal.Retryable);
        Assert.True(retry.FromJournal); // a final refusal is journaled: the retry is answered, not decided again
        Assert.Empty(await h.Admin!.GetIssuancesAsync(citizen.IdNumber, Ct));
        Assert.Contains(await h.EventsAsync(citizen.IdNumber), e => e.Decision == RiskDecision.Deny && e.Reasons.Any(r => r.Code == IssuanceReasonCodes.DocumentExpired));
    }

    [Fact]
    public async Task A_citizen_without_a_registry_portrait_is_refused_as_reference_unusable()
    {
        await using var h = IssuanceHarness.Create(faces.Verifier);
        var citizen = await h.SeedCitizenAsync(IssuanceHarness.NewIdNumber(63), IssuanceHarness.ObamaReference);
        Assert.True((await h.Admin!.UpsertCitizensAsync([citizen with { Portrait = null }], Ct)).IsSuccess);

        var outcome = await h.Issuer.IssueAsync(h.Sign("req-noportrait", await IssuanceHarness.ReadCardAsync(citizen), IssuanceHarness.Capture(IssuanceHarness.ObamaLive)), cancellationToken: Ct);

        Assert.Equal(IssuanceStep.FaceMatch, outcome.Refusal!.Step);
        Assert.True(outcome.Refusal.Has(IssuanceReasonCodes.ReferenceUnusable), outcome.Refusal.ToString());
        Assert.Contains("No usable Registry portrait", outcome.Refusal.Reasons[0].Detail, StringComparison.Ordinal);
        Assert.Empty(await h.Admin.GetIssuancesAsync(citizen.IdNumber, Ct));
    }

    [Fact]
    public async Task A_registry_portrait_that_cannot_be_enrolled_is_refused_as_reference_unusable()
    {
        await using var h = IssuanceHarness.Create(faces.Verifier);
        var citizen = await h.SeedCitizenAsync(IssuanceHarness.NewIdNumber(65), IssuanceHarness.ObamaReference);
        var corrupt = new DocumentPortrait("not a jpeg at all"u8.ToArray(), ImageFormat.Jpeg);
        Assert.True((await h.Admin!.UpsertCitizensAsync([citizen with { Portrait = corrupt }], Ct)).IsSuccess);

        var outcome = await h.Issuer.IssueAsync(h.Sign("req-corrupt-portrait", await IssuanceHarness.ReadCardAsync(citizen), IssuanceHarness.Capture(IssuanceHarness.ObamaLive)), cancellationToken: Ct);

        Assert.Equal(IssuanceStep.FaceMatch, outcome.Refusal!.Step);
        Assert.True(outcome.Refusal.Has(IssuanceReasonCodes.ReferenceUnusable), outcome.Refusal.ToString());
        Assert.Contains(nameof(FaceMatchReason.ReferenceUnreadable), outcome.Refusal.Reasons[0].Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_request_id_being_decided_elsewhere_is_refused_as_in_progress_and_retryable()
    {
        await using var h = IssuanceHarness.Create(faces.Verifier);
        var (citizen, document) = await h.SeedWithCardAsync(67);
        var capture = IssuanceHarness.Capture(IssuanceHarness.ObamaLive);

        // Another server instance has claimed the same request id for the same payload and not decided it yet.
        var journal = h.Services.GetRequiredService<IIssuanceJournal>();
        var key = JournalKey.Of(h.Device.DeviceId, "req-busy");
        var claimed = await journal.ClaimAsync(key, IssuanceRequestBinding.PayloadDigest("req-busy", document, capture), DateTimeOffset.UtcNow, Ct);
        Assert.Equal(JournalClaimState.Claimed, claimed.State);

        var outcome = await h.Issuer.IssueAsync(h.Sign("req-busy", document, capture), cancellationToken: Ct);

        Assert.False(outcome.IsIssued);
        Assert.Equal(IssuanceStep.Request, outcome.Refusal.Step);
        Assert.True(outcome.Refusal.Has(IssuanceReasonCodes.InProgress), outcome.Refusal.ToString());
        Assert.True(outcome.Refusal.Retryable);
        Assert.Empty(await h.Admin!.GetIssuancesAsync(citizen.IdNumber, Ct));

        // Once the other instance lets go, the same request is decided.
        await journal.ReleaseAsync(key, Ct);
        var after = await h.Issuer.IssueAsync(h.Sign("req-busy", document, capture), cancellationToken: Ct);
        Assert.True(after.IsIssued, after.Refusal?.ToString());
    }

    [Fact]
    public async Task A_credential_that_cannot_be_signed_is_a_retryable_credential_failure()
    {
        await using var h = IssuanceHarness.Create(faces.Verifier);
        var (citizen, document) = await h.SeedWithCardAsync(69);
        _ = h.Issuer; // built with the key before it is destroyed
        h.DestroyIssuerKey();

        var outcome = await h.Issuer.IssueAsync(h.Sign("req-nokey", document, IssuanceHarness.Capture(IssuanceHarness.ObamaLive)), cancellationToken: Ct);

        Assert.False(outcome.IsIssued);
        Assert.Equal(IssuanceStep.Credential, outcome.Refusal.Step);
        Assert.True(outcome.Refusal.Has(IssuanceReasonCodes.CredentialFailed), outcome.Refusal.ToString());
        Assert.True(outcome.Refusal.Retryable);
        Assert.Empty(await h.Admin!.GetIssuancesAsync(citizen.IdNumber, Ct));
        Assert.Contains(await h.EventsAsync(citizen.IdNumber), e => e.Reasons.Any(r => r.Code == IssuanceReasonCodes.CredentialFailed));
    }

    [Fact]
    public async Task Without_its_issuance_event_the_credential_is_not_released()
    {
        await using var h = IssuanceHarness.Create(faces.Verifier);
        var (citizen, document) = await h.SeedWithCardAsync(71);
        _ = h.Risk; // creates the schema

        // The real SQLite risk store refuses the issuance event (and only it): the audit trail cannot be written.
        await using (var connection = new SqliteConnection($"Data Source={h.RiskDatabase}"))
        {
            await connection.OpenAsync(Ct);
            await using var command = connection.CreateCommand();
            command.CommandText = "CREATE TRIGGER refuse_issued BEFORE INSERT ON risk_events WHEN NEW.reasons LIKE '%issuance.issued%' BEGIN SELECT RAISE(ABORT, 'audit trail unavailable'); END;";
            await command.ExecuteNonQueryAsync(Ct);
        }

        var outcome = await h.Issuer.IssueAsync(h.Sign("req-noaudit", document, IssuanceHarness.Capture(IssuanceHarness.ObamaLive)), cancellationToken: Ct);

        Assert.False(outcome.IsIssued);
        Assert.Null(outcome.Credential);
        Assert.Equal(IssuanceStep.RiskEvent, outcome.Refusal.Step);
        Assert.True(outcome.Refusal.Has(IssuanceReasonCodes.CredentialFailed), outcome.Refusal.ToString());
        Assert.True(outcome.Refusal.Retryable);
        Assert.DoesNotContain(await h.EventsAsync(citizen.IdNumber), e => e.Reasons.Any(r => r.Code == RiskReasonCode.Issued));
    }

    [Fact]
    public async Task The_match_threshold_override_decides_the_face_match()
    {
        // The one override of the calibrated threshold (BiometricsOptions.MatchThreshold), above any genuine pair's score.
        await using var strict = new ServiceCollection().AddEIdBiometrics(o => o.MatchThreshold = 0.99f).BuildServiceProvider();
        await using var h = IssuanceHarness.Create(strict.GetRequiredService<IFaceVerifier>());
        var (citizen, document) = await h.SeedWithCardAsync(73);

        var outcome = await h.Issuer.IssueAsync(h.Sign("req-strict", document, IssuanceHarness.Capture(IssuanceHarness.ObamaLive)), cancellationToken: Ct);

        Assert.Equal(IssuanceStep.FaceMatch, outcome.Refusal!.Step);
        Assert.True(outcome.Refusal.Has(RiskReasonCode.FaceMismatch), outcome.Refusal.ToString());
        Assert.Contains("threshold 0.990", outcome.Refusal.Reasons[0].Detail, StringComparison.Ordinal);

        // The same genuine pair at the calibrated threshold (the fixture's verifier) is issued.
        await using var calibrated = IssuanceHarness.Create(faces.Verifier);
        await calibrated.SeedCitizenAsync(citizen.IdNumber, IssuanceHarness.ObamaReference);
        var issued = await calibrated.Issuer.IssueAsync(calibrated.Sign("req-calibrated", document, IssuanceHarness.Capture(IssuanceHarness.ObamaLive)), cancellationToken: Ct);
        Assert.True(issued.IsIssued, issued.Refusal?.ToString());
    }

    [Fact]
    public async Task Several_faces_in_the_live_frames_are_refused_unless_the_option_allows_them()
    {
        // The citizen's live photo with a smaller second person beside it: the subject (largest face) is the citizen.
        var crowded = new FaceCapture([new FaceFrame(SideBySide(IssuanceHarness.ObamaLive, IssuanceHarness.BidenLive), TimeSpan.Zero)]) { StartedAt = DateTimeOffset.UtcNow };
        await using var h = IssuanceHarness.Create(faces.Verifier);
        var (citizen, document) = await h.SeedWithCardAsync(75);

        var refused = await h.Issuer.IssueAsync(h.Sign("req-crowded", document, crowded), cancellationToken: Ct);

        Assert.Equal(IssuanceStep.FaceMatch, refused.Refusal!.Step);
        Assert.True(refused.Refusal.Has(RiskReasonCode.PoorQuality), refused.Refusal.ToString());
        Assert.Contains("More than one face", refused.Refusal.Reasons[0].Detail, StringComparison.Ordinal);

        await using var lenient = IssuanceHarness.Create(faces.Verifier, s => s.Configure<IssuerOptions>(o => o.RefuseSeveralFaces = false));
        await lenient.SeedCitizenAsync(citizen.IdNumber, IssuanceHarness.ObamaReference);
        var issued = await lenient.Issuer.IssueAsync(lenient.Sign("req-crowded", document, crowded), cancellationToken: Ct);
        Assert.True(issued.IsIssued, issued.Refusal?.ToString());
    }

    /// <summary>JPEG of <paramref name="main"/> with <paramref name="other"/> at 60 % of its height on the right.</summary>
    private static byte[] SideBySide(string main, string other)
    {
        using var a = SKBitmap.Decode(SharedData.Require(main));
        using var b = SKBitmap.Decode(SharedData.Require(other));
        var scale = 0.6f * a.Height / b.Height;
        var width = a.Width + (int)(b.Width * scale);
        using var surface = SKSurface.Create(new SKImageInfo(width, a.Height));
        surface.Canvas.Clear(SKColors.White);
        using var first = SKImage.FromBitmap(a);
        using var second = SKImage.FromBitmap(b);
        var sampling = new SKSamplingOptions(SKFilterMode.Linear);
        surface.Canvas.DrawImage(first, 0, 0, sampling);
        var (w, h) = (b.Width * scale, b.Height * scale);
        surface.Canvas.DrawImage(second, SKRect.Create(a.Width, (a.Height - h) / 2f, w, h), sampling);
        using var image = surface.Snapshot();
        using var data = image.Encode(SKEncodedImageFormat.Jpeg, 92);
        return data.ToArray();
    }
}
