using EId.Documents;
using EId.Faces;
using EId.Risk;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace EId.Abstractions.Tests.Common;

public sealed class DomainTests
{
    [Fact]
    public void Result_carries_value_or_error()
    {
        Result<int, Failure<DocumentReadError>> ok = 5;
        Result<int, Failure<DocumentReadError>> bad = new Failure<DocumentReadError>(DocumentReadError.Timeout, "no answer");
        Assert.True(ok.IsSuccess);
        Assert.Equal(6, ok.Map(v => v + 1).Value);
        Assert.False(bad.IsSuccess);
        Assert.Equal(DocumentReadError.Timeout, bad.Error.Reason);
        Assert.Throws<InvalidOperationException>(() => bad.GetValueOrThrow());
    }

    [Fact]
    public void Identity_document_string_form_is_masked()
    {
        var document = new IdentityDocument { Kind = DocumentKind.ResidentIdCard, IdNumber = "110101199003074518", FullName = "张三丰" };
        var text = document.ToString();
        Assert.DoesNotContain("199003074518", text);
        Assert.DoesNotContain("三丰", text);
    }

    [Fact]
    public void Validity_window_is_inclusive_and_open_ended_for_long_term_cards()
    {
        var document = new IdentityDocument
        {
            Kind = DocumentKind.ResidentIdCard, IdNumber = "x", FullName = "y",
            ValidFrom = new DateOnly(2020, 1, 1), ValidUntil = null,
        };
        Assert.True(document.IsValidOn(new DateOnly(2099, 1, 1)));
        Assert.False(document.IsValidOn(new DateOnly(2019, 12, 31)));
        Assert.False((document with { ValidUntil = new DateOnly(2020, 1, 1) }).IsValidOn(new DateOnly(2020, 1, 2)));
    }

    [Property]
    public Property Iou_is_symmetric_and_bounded(NormalFloat x1, NormalFloat y1, PositiveInt w1, PositiveInt h1, NormalFloat x2, NormalFloat y2, PositiveInt w2, PositiveInt h2)
    {
        var a = new FaceBox((float)(x1.Get % 1000), (float)(y1.Get % 1000), w1.Get % 500 + 1, h1.Get % 500 + 1);
        var b = new FaceBox((float)(x2.Get % 1000), (float)(y2.Get % 1000), w2.Get % 500 + 1, h2.Get % 500 + 1);
        var ab = a.IntersectionOverUnion(b);
        var ba = b.IntersectionOverUnion(a);
        return (Math.Abs(ab - ba) < 1e-5 && ab >= 0 && ab <= 1.00001f && Math.Abs(a.IntersectionOverUnion(a) - 1) < 1e-5).ToProperty();
    }

    [Property]
    public Property Combined_decision_is_the_strictest(RiskDecision[] decisions)
    {
        var assessments = decisions.Select(d => new RiskAssessment(d, [new RiskReason(RiskReasonCode.VelocityExceeded, "x", "p")])).ToList();
        var combined = RiskAssessment.Combine(assessments);
        var expected = decisions.Length == 0 ? RiskDecision.Allow : decisions.Max();
        return (combined.Decision == expected && combined.Reasons.Count == decisions.Length).ToProperty();
    }
}
