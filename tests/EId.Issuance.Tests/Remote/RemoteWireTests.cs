using EId.Credentials;
using EId.Documents;
using EId.Faces;
using EId.Issuance.Remote;
using EId.Risk;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace EId.Issuance.Tests.Remote;

/// <summary>The kiosk ↔ front-system JSON contract: round trips, and any malformed body is a typed answer, never a crash.</summary>
public sealed class RemoteWireTests
{
    private static readonly IssuanceRequest Sample = new(
        "req-0001",
        new IdentityDocument
        {
            Kind = DocumentKind.ResidentIdCard,
            IdNumber = "11010519491231002X",
            FullName = "张三",
            Gender = Gender.Female,
            BirthDate = new DateOnly(1949, 12, 31),
            ValidUntil = new DateOnly(2040, 1, 1),
            Portrait = new DocumentPortrait(new byte[] { 1, 2, 3 }, ImageFormat.Wlt),
        },
        new FaceCapture([new FaceFrame(new byte[] { 0xFF, 0xD8, 0xFF, 9 }, TimeSpan.Zero), new FaceFrame(new byte[] { 7, 7 }, TimeSpan.FromMilliseconds(200))]) { ChallengeId = "c1" },
        new SignedRequest
        {
            Method = "POST",
            Path = "/v1/eid/issue",
            Body = "{\"v\":1}"u8.ToArray(),
            DeviceId = "kiosk-1",
            Timestamp = new DateTimeOffset(2026, 11, 23, 10, 0, 0, TimeSpan.Zero),
            Nonce = "n0nce",
            Signature = new byte[64],
            Certificate = new byte[] { 4, 5, 6 },
        });

    private static readonly byte[] SampleJson = IssuanceJson.SerializeRequest(Sample);

    [Fact]
    public void A_request_round_trips_with_every_byte_the_binding_covers()
    {
        var back = IssuanceJson.DeserializeRequest(SampleJson);

        Assert.NotNull(back);
        Assert.Equal(Sample.RequestId, back.RequestId);
        Assert.Equal(Sample.Document with { Portrait = null }, back.Document with { Portrait = null });
        Assert.Equal(Sample.Document.Portrait!.Data.ToArray(), back.Document.Portrait!.Data.ToArray());
        Assert.Equal(Sample.Capture.Frames.Select(f => (f.Data.ToArray(), f.Offset)), back.Capture.Frames.Select(f => (f.Data.ToArray(), f.Offset)));
        Assert.Equal(Sample.Capture.ChallengeId, back.Capture.ChallengeId);
        Assert.Equal(Sample.Signed.Body.ToArray(), back.Signed.Body.ToArray());
        Assert.Equal(Sample.Signed.Signature.ToArray(), back.Signed.Signature.ToArray());
        Assert.Equal(EId.Issuance.Binding.IssuanceRequestBinding.PayloadDigest(Sample.RequestId, Sample.Document, Sample.Capture), EId.Issuance.Binding.IssuanceRequestBinding.PayloadDigest(back.RequestId, back.Document, back.Capture));
    }

    [Fact]
    public void Outcomes_round_trip_issued_and_refused_with_journal_and_retry_flags()
    {
        var subject = new CredentialSubject
        {
            IdNumber = "11010519491231002X",
            FullName = "张三",
            BirthDate = new DateOnly(1949, 12, 31),
            Face = new DocumentPortrait(new byte[] { 1, 2, 3, 4 }, ImageFormat.WebP),
            FaceTemplate = new FaceTemplate("fr_feature", new[] { 0.25f, -0.5f, 1f }),
        };
        var credential = new IssuedCredential("6BF-QR", subject, new CredentialMetadata { Serial = "s1", DeviceId = "kiosk-1", ExpiresAt = Sample.Signed.Timestamp.AddDays(3) });
        var issued = IssuanceOutcome.Issued("r1", credential) with { FromJournal = true, DecidedAt = Sample.Signed.Timestamp };
        var refused = IssuanceOutcome.Refused("r2", new IssuanceRefusal(IssuanceStep.Registry, [new RiskReason(RiskReasonCode.RegistryUnavailable, "down", "registry")]) { Retryable = true });

        Assert.Contains("\"code\":\"registry.unavailable\"", System.Text.Encoding.UTF8.GetString(IssuanceJson.SerializeOutcome(refused)), StringComparison.Ordinal);
        var issuedBack = IssuanceJson.DeserializeOutcome(IssuanceJson.SerializeOutcome(issued));
        var refusedBack = IssuanceJson.DeserializeOutcome(IssuanceJson.SerializeOutcome(refused));

        Assert.True(issuedBack!.IsIssued);
        Assert.True(issuedBack.FromJournal);
        Assert.Equal(issued.DecidedAt, issuedBack.DecidedAt);
        Assert.Equal("6BF-QR", issuedBack.Credential.QrText);
        Assert.Equal(credential.Metadata, issuedBack.Credential.Metadata);
        var back = issuedBack.Credential.Subject;
        Assert.Equal((subject.IdNumber, subject.FullName, subject.BirthDate), (back.IdNumber, back.FullName, back.BirthDate));
        Assert.Equal(subject.Face!.Data.ToArray(), back.Face!.Data.ToArray());
        Assert.Equal(ImageFormat.WebP, back.Face.Format);
        Assert.Equal("fr_feature", back.FaceTemplate!.ModelId);
        Assert.Equal(subject.FaceTemplate!.Vector.ToArray(), back.FaceTemplate.Vector.ToArray());
        Assert.False(refusedBack!.IsIssued);
        Assert.True(refusedBack.Refusal.Retryable);
        Assert.Equal(IssuanceStep.Registry, refusedBack.Refusal.Step);
        Assert.True(refusedBack.Refusal.Has(RiskReasonCode.RegistryUnavailable));
    }

    [Property(MaxTest = 300)]
    public Property Random_bytes_never_throw_and_never_read_as_an_outcome_or_request(byte[] bytes) =>
        (IssuanceJson.DeserializeRequest(bytes) is null && IssuanceJson.DeserializeOutcome(bytes) is null).ToProperty();

    [Fact]
    public void Every_truncation_of_a_request_is_refused_without_an_exception()
    {
        for (var length = 0; length < SampleJson.Length; length++)
        {
            Assert.Null(IssuanceJson.DeserializeRequest(SampleJson.AsSpan(0, length)));
        }
    }

    [Property(MaxTest = 200)]
    public Property A_request_with_a_required_field_removed_or_nulled_is_refused(PositiveInt pick, bool asNull)
    {
        string[] required = ["requestId", "document", "capture", "signed", "kind", "idNumber", "fullName", "frames", "data", "method", "path", "nonce", "signature", "certificate", "deviceId"];
        var field = required[pick.Get % required.Length];
        var node = System.Text.Json.Nodes.JsonNode.Parse(SampleJson)!;
        var changed = Mutate(node, field, asNull);
        var result = IssuanceJson.DeserializeRequest(System.Text.Encoding.UTF8.GetBytes(node.ToJsonString()));

        // A byte field set to null reads as empty bytes (a struct), which the gateway and the binding then refuse.
        var emptied = asNull && result is not null && field switch
        {
            "signature" => result.Signed.Signature.IsEmpty,
            "certificate" => result.Signed.Certificate.IsEmpty,
            "data" => result.Document.Portrait?.Data.IsEmpty == true || result.Capture.Frames[0].Data.IsEmpty,
            _ => false,
        };
        return (changed && (result is null || emptied)).ToProperty();
    }

    [Theory]
    [InlineData(new byte[0])]
    [InlineData(new byte[] { (byte)'{', (byte)'}' })]
    [InlineData(new byte[] { 0xFF, 0xFE, 0x00 })]
    public async Task The_endpoint_answers_malformed_bodies_with_a_typed_400_and_never_calls_the_issuer(byte[] body)
    {
        var issuer = new CountingIssuer();
        var endpoint = new IssuanceEndpoint(issuer);

        var (status, answer) = await endpoint.HandleAsync(body, TestContext.Current.CancellationToken);

        Assert.Equal(400, status);
        Assert.Equal(0, issuer.Calls);
        var outcome = IssuanceJson.DeserializeOutcome(answer);
        Assert.True(outcome!.Refusal!.Has(IssuanceReasonCodes.MalformedRequest));
    }

    [Fact]
    public async Task The_endpoint_refuses_a_body_over_its_limit_with_413()
    {
        var issuer = new CountingIssuer();
        var endpoint = new IssuanceEndpoint(issuer, maxRequestBytes: SampleJson.Length - 1);

        var (status, _) = await endpoint.HandleAsync(SampleJson, TestContext.Current.CancellationToken);

        Assert.Equal(413, status);
        Assert.Equal(0, issuer.Calls);
        Assert.Equal(200, (await new IssuanceEndpoint(issuer).HandleAsync(SampleJson, TestContext.Current.CancellationToken)).StatusCode);
        Assert.Equal(1, issuer.Calls);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("text/plain")]
    [InlineData("application/xml")]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData("application/json; charset=utf-16")]
    [InlineData("application/jsonx")]
    public async Task The_endpoint_refuses_a_body_not_sent_as_json_with_415_and_never_calls_the_issuer(string? contentType)
    {
        var issuer = new CountingIssuer();
        var endpoint = new IssuanceEndpoint(issuer);

        var (status, answer) = await endpoint.HandleAsync(contentType, SampleJson, TestContext.Current.CancellationToken);

        Assert.Equal(415, status);
        Assert.Equal(0, issuer.Calls);
        var outcome = IssuanceJson.DeserializeOutcome(answer);
        Assert.True(outcome!.Refusal!.Has(IssuanceReasonCodes.MalformedRequest));
        Assert.False(outcome.Refusal.Retryable);
    }

    [Theory]
    [InlineData("application/json")]
    [InlineData("application/json; charset=utf-8")]
    [InlineData("Application/JSON; charset=\"UTF-8\"")]
    public async Task The_endpoint_accepts_json_with_or_without_a_utf8_charset(string contentType)
    {
        var issuer = new CountingIssuer();

        var (status, _) = await new IssuanceEndpoint(issuer).HandleAsync(contentType, SampleJson, TestContext.Current.CancellationToken);

        Assert.Equal(200, status);
        Assert.Equal(1, issuer.Calls);
    }

    [Fact]
    public async Task A_malformed_refusal_from_the_issuer_is_a_400_and_a_transient_one_a_503()
    {
        var malformed = new RefusingIssuer(new IssuanceRefusal(IssuanceStep.Request, [new RiskReason(RiskReasonCode.RequestMalformed, "id too long", "issuer")]));
        var transient = new RefusingIssuer(new IssuanceRefusal(IssuanceStep.Registry, [new RiskReason(RiskReasonCode.RegistryUnavailable, "down", "issuer")]) { Retryable = true });

        Assert.Equal(400, (await new IssuanceEndpoint(malformed).HandleAsync(IssuanceJson.ContentType, SampleJson, TestContext.Current.CancellationToken)).StatusCode);
        Assert.Equal(503, (await new IssuanceEndpoint(transient).HandleAsync(IssuanceJson.ContentType, SampleJson, TestContext.Current.CancellationToken)).StatusCode);
    }

    // Removes (or nulls) the first property named field, depth first.
    private static bool Mutate(System.Text.Json.Nodes.JsonNode node, string field, bool asNull)
    {
        switch (node)
        {
            case System.Text.Json.Nodes.JsonObject obj when obj.ContainsKey(field):
                if (asNull)
                {
                    obj[field] = null;
                }
                else
                {
                    obj.Remove(field);
                }

                return true;
            case System.Text.Json.Nodes.JsonObject obj:
                return obj.Select(p => p.Value).OfType<System.Text.Json.Nodes.JsonNode>().ToList().Any(child => Mutate(child, field, asNull));
            case System.Text.Json.Nodes.JsonArray array:
                return array.OfType<System.Text.Json.Nodes.JsonNode>().ToList().Any(child => Mutate(child, field, asNull));
            default:
                return false;
        }
    }

    /// <summary>An issuer that refuses every request with one refusal (the status mapping is the endpoint's, not the issuer's).</summary>
    private sealed class RefusingIssuer(IssuanceRefusal refusal) : IIssuer
    {
        public ValueTask<IssuanceOutcome> IssueAsync(IssuanceRequest request, IProgress<IssuanceProgress>? progress = null, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(IssuanceOutcome.Refused(request.RequestId, refusal));
    }

    /// <summary>An issuer that issues every well-formed request it gets (the wire tests are about the endpoint, not the issuer).</summary>
    private sealed class CountingIssuer : IIssuer
    {
        public int Calls { get; private set; }

        public ValueTask<IssuanceOutcome> IssueAsync(IssuanceRequest request, IProgress<IssuanceProgress>? progress = null, CancellationToken cancellationToken = default)
        {
            Calls++;
            var credential = new IssuedCredential("QR", new CredentialSubject { IdNumber = request.Document.IdNumber }, new CredentialMetadata { Serial = request.RequestId });
            return ValueTask.FromResult(IssuanceOutcome.Issued(request.RequestId, credential));
        }
    }
}
