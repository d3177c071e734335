using System.Text;
using EId.Credentials;
using EId.Documents;
using EId.Faces;
using EId.Registry;

namespace EId.Postal.Tests.Support;

// Small test implementations of the pure Abstractions interfaces the identity server depends on.
// The real registry, face verifier, liveness checks and credential verifier live in other packages
// (EId.Registry, EId.Biometrics, EId.Credentials); these stand-ins let the courier flow's decision
// logic be tested here, with the "who is who" encoded in the image bytes: a frame or portrait whose
// bytes read "face:<person>" shows that person, "spoof:<person>" is a photo attack.

/// <summary>A registry backed by a dictionary; can be switched to "unavailable".</summary>
internal sealed class TableRegistry : IIdentityRegistry
{
    public Dictionary<string, CitizenRecord> Citizens { get; } = new(StringComparer.Ordinal);

    public bool Unavailable { get; set; }

    public int Lookups { get; private set; }

    public ValueTask<Result<CitizenRecord, Failure<RegistryError>>> LookupAsync(string idNumber, CancellationToken cancellationToken = default)
    {
        Lookups++;
        if (Unavailable)
        {
            return ValueTask.FromResult<Result<CitizenRecord, Failure<RegistryError>>>(new Failure<RegistryError>(RegistryError.Unavailable, "down"));
        }

        return ValueTask.FromResult<Result<CitizenRecord, Failure<RegistryError>>>(Citizens.TryGetValue(idNumber, out var citizen)
            ? citizen
            : new Failure<RegistryError>(RegistryError.NotFound, "no such citizen"));
    }

    public ValueTask<Result<IssuanceRecord, Failure<RegistryError>>> RecordIssuanceAsync(IssuanceRecord issuance, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult<Result<IssuanceRecord, Failure<RegistryError>>>(issuance);
}

/// <summary>Matches when the reference and the live frame show the same "face:&lt;person&gt;" marker.</summary>
internal sealed class MarkerFaceVerifier : IFaceVerifier
{
    public const float Threshold = 0.5f;

    public ValueTask<Result<FaceTemplate, FaceMatch>> EnrollAsync(DocumentPortrait portrait, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult<Result<FaceTemplate, FaceMatch>>(new FaceTemplate("marker", Vector(Person(portrait.Data))));

    public ValueTask<FaceMatch> VerifyAsync(FaceTemplate reference, FaceCapture live, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Compare(reference.Vector.Span[0], live));

    public ValueTask<FaceMatch> VerifyAsync(DocumentPortrait reference, FaceCapture live, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Compare(Vector(Person(reference.Data))[0], live));

    public static float[] Vector(string? person) => [person is null ? float.NaN : person.GetHashCode(StringComparison.Ordinal)];

    public static string? Person(ReadOnlyMemory<byte> data)
    {
        var text = Encoding.UTF8.GetString(data.Span);
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        return colon < 0 ? null : text[(colon + 1)..];
    }

    private static FaceMatch Compare(float reference, FaceCapture live)
    {
        var person = Person(live.Frames[0].Data);
        if (person is null || float.IsNaN(reference))
        {
            return new FaceMatch(float.NaN, Threshold, MatchDecision.Inconclusive, [FaceMatchReason.NoFaceInProbe]);
        }

        var same = Vector(person)[0] == reference;
        return new FaceMatch(same ? 0.82f : 0.11f, Threshold, same ? MatchDecision.Match : MatchDecision.NoMatch, [same ? FaceMatchReason.ScoreAboveThreshold : FaceMatchReason.ScoreBelowThreshold]);
    }
}

/// <summary>Live unless a frame is marked "spoof:".</summary>
internal sealed class MarkerLiveness : ILivenessCheck
{
    public string Name => "marker-liveness";

    public ValueTask<LivenessResult> CheckAsync(FaceCapture capture, CancellationToken cancellationToken = default)
    {
        var spoof = capture.Frames.Any(f => Encoding.UTF8.GetString(f.Data.Span).StartsWith("spoof:", StringComparison.Ordinal));
        return ValueTask.FromResult(spoof
            ? new LivenessResult(0.04f, LivenessDecision.Spoof, [LivenessReason.PassiveScoreBelowThreshold])
            : new LivenessResult(0.97f, LivenessDecision.Live, [LivenessReason.PassiveScoreAboveThreshold]));
    }
}

/// <summary>Answers with prepared verifications per QR text; unknown text is a bad signature.</summary>
internal sealed class TableCredentialVerifier : ICredentialVerifier
{
    public Dictionary<string, CredentialVerification> Answers { get; } = new(StringComparer.Ordinal);

    public ValueTask<CredentialVerification> VerifyAsync(string qrText, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Answers.TryGetValue(qrText, out var answer)
            ? answer
            : new CredentialVerification(null, null, CredentialError.BadSignature, "unknown credential"));
}

/// <summary>Frames and portraits carrying the markers above.</summary>
internal static class TestFaces
{
    public static FaceCapture Of(string person) => new([new FaceFrame(Encoding.UTF8.GetBytes("face:" + person), TimeSpan.Zero), new FaceFrame(Encoding.UTF8.GetBytes("face:" + person), TimeSpan.FromMilliseconds(200))]);

    public static FaceCapture Spoof(string person) => new([new FaceFrame(Encoding.UTF8.GetBytes("spoof:" + person), TimeSpan.Zero)]);

    public static DocumentPortrait Portrait(string person) => new(Encoding.UTF8.GetBytes("face:" + person), ImageFormat.Jpeg);
}

/// <summary>A liveness check whose model cannot run.</summary>
internal sealed class ThrowingLiveness : ILivenessCheck
{
    public string Name => "throwing";

    public ValueTask<LivenessResult> CheckAsync(FaceCapture capture, CancellationToken cancellationToken = default) =>
        throw new InvalidOperationException("the PAD model could not be loaded");
}
