using EId.Documents;
using EId.Faces;
using EId.Issuance.Binding;
using EId.Risk;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace EId.Issuance.Tests.Binding;

public sealed class BindingTests
{
    private static readonly IdentityDocument Document = new()
    {
        Kind = DocumentKind.ResidentIdCard,
        IdNumber = "11010519491231002X",
        FullName = "测试",
        BirthDate = new DateOnly(1949, 12, 31),
    };

    private static FaceCapture Capture(params byte[][] frames) => new([.. frames.Select((f, i) => new FaceFrame(f, TimeSpan.FromMilliseconds(i * 40)))]);

    private static IssuanceRequest Request(string id, IdentityDocument document, FaceCapture capture, byte[] body, string path = IssuanceRequestBinding.Path) =>
        new(id, document, capture, new SignedRequest
        {
            Method = IssuanceRequestBinding.Method,
            Path = path,
            Body = body,
            DeviceId = "kiosk-1",
            Timestamp = DateTimeOffset.UnixEpoch,
            Nonce = "n",
            Signature = new byte[64],
            Certificate = new byte[1],
        });

    [Fact]
    public void The_body_binds_id_document_frames_and_path()
    {
        var capture = Capture([1, 2, 3], [4, 5]);
        var body = IssuanceRequestBinding.CreateBody("r1", Document, capture);

        Assert.True(IssuanceRequestBinding.Matches(Request("r1", Document, capture, body)));
        Assert.False(IssuanceRequestBinding.Matches(Request("r2", Document, capture, body)));
        Assert.False(IssuanceRequestBinding.Matches(Request("r1", Document with { FullName = "别人" }, capture, body)));
        Assert.False(IssuanceRequestBinding.Matches(Request("r1", Document, Capture([1, 2, 3]), body)));
        Assert.False(IssuanceRequestBinding.Matches(Request("r1", Document, capture, body, "/v1/other")));
        Assert.DoesNotContain(Document.IdNumber, System.Text.Encoding.UTF8.GetString(body), StringComparison.Ordinal);
    }

    [Property(MaxTest = 200)]
    public Property Any_changed_frame_byte_breaks_the_binding() =>
        Prop.ForAll(Arb.From(Gen.ArrayOf(Gen.Choose(0, 255).Select(b => (byte)b)).Where(a => a.Length > 0)), Arb.From(Gen.Choose(0, 1000)), (frame, position) =>
        {
            var body = IssuanceRequestBinding.CreateBody("r", Document, Capture(frame));
            var flipped = (byte[])frame.Clone();
            flipped[position % flipped.Length] ^= 0x01;
            return !IssuanceRequestBinding.Matches(Request("r", Document, Capture(flipped), body));
        });

    [Property(MaxTest = 200)]
    public bool Random_bodies_never_match(byte[] body) =>
        !IssuanceRequestBinding.Matches(Request("r", Document, Capture([9]), body ?? []));
}
