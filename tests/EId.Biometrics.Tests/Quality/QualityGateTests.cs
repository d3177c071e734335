using EId.Biometrics.Quality;
using EId.Biometrics.Tests.Support;
using EId.Faces;
using EId.Imaging;

namespace EId.Biometrics.Tests.Quality;

/// <summary>Quality reasons on degraded versions of real photos.</summary>
public sealed class QualityGateTests(PipelineFixture fixture)
{
    private FaceQualityGate Gate()
    {
        fixture.RequirePipeline();
        return new FaceQualityGate(fixture.Decoder, fixture.Detector!, fixture.Landmarker!);
    }

    // A photo that passes the gate as it is, scaled to ≈ 600 px wide (keeps the blur tests fast).
    private PixelBuffer GoodPhoto(FaceQualityGate gate)
    {
        foreach (var photo in LivenessTestData.BonaFidePhotos().Where(p => p.Contains("face_recognition", StringComparison.Ordinal)))
        {
            var image = LivenessImageEdits.Load(photo);
            var scaled = image.Width > 600 ? LivenessImageEdits.Resize(image, 600f / image.Width) : image.Clone();
            image.Dispose();
            if (gate.Assess(scaled).Assessment.IsAcceptable)
            {
                return scaled;
            }

            scaled.Dispose();
        }

        Assert.Fail("no shared photo passes the quality gate as it is");
        return null!;
    }

    [Fact]
    public void Shared_photos_mostly_pass()
    {
        var gate = Gate();
        var photos = LivenessTestData.BonaFidePhotos();
        var verdicts = photos.Select(p =>
        {
            using var image = LivenessImageEdits.Load(p);
            return gate.Assess(image);
        }).ToArray();
        var issues = verdicts.SelectMany(v => v.Assessment.Issues).GroupBy(i => i).Select(g => $"{g.Key}={g.Count()}");
        LivenessTestData.Report($"quality: {verdicts.Count(v => v.Assessment.IsAcceptable)}/{verdicts.Length} acceptable; {string.Join(", ", issues)}");
        Assert.True(verdicts.Count(v => v.Assessment.IsAcceptable) >= photos.Count / 2, string.Join(", ", issues));
    }

    [Theory]
    [InlineData("blur")]
    [InlineData("darken")]
    [InlineData("brighten")]
    [InlineData("flatten")]
    [InlineData("shrink")]
    [InlineData("crop")]
    [InlineData("rotate")]
    [InlineData("offcentre")]
    public void Degradation_gives_its_reason(string edit)
    {
        var gate = Gate();
        using var good = GoodPhoto(gate);
        var (degraded, expected) = edit switch
        {
            "blur" => (LivenessImageEdits.Blur(good, 6), QualityIssue.Blurred),
            "darken" => (LivenessImageEdits.Tone(good, 0.2f), QualityIssue.TooDark),
            "brighten" => (LivenessImageEdits.Tone(good, 0.4f, 190), QualityIssue.TooBright),
            "flatten" => (LivenessImageEdits.Tone(good, 0.3f, 90), QualityIssue.LowContrast),
            "shrink" => (LivenessImageEdits.Resize(good, 0.2f), QualityIssue.FaceTooSmall),
            "crop" => (CropThroughFace(good), QualityIssue.Occluded),
            "rotate" => (LivenessImageEdits.Transform(good, 35), QualityIssue.PoseTooFar),
            _ => (OffCentre(good), QualityIssue.NotCentred),
        };
        using (degraded)
        {
            var verdict = gate.Assess(degraded);
            Assert.True(verdict.Assessment.Issues.Contains(expected), $"{edit}: expected {expected}, got [{string.Join(", ", verdict.Assessment.Issues)}] {verdict.Measures}");
            Assert.True(verdict.Assessment.Score < gate.Assess(good).Assessment.Score);
        }
    }

    [Fact]
    public void No_face_and_unreadable_frames_are_typed()
    {
        var gate = Gate();
        using var grey = PixelBuffer.Rent(320, 240, PixelFormat.Rgba32);
        grey.Pixels.Fill(128);
        Assert.Equal([QualityIssue.NoFace], gate.Assess(grey).Assessment.Issues);
        var frames = gate.Assess(LivenessTestData.Capture([1, 2, 3, 4]), TestContext.Current.CancellationToken);
        Assert.Equal([QualityIssue.Unreadable], frames[0].Assessment.Issues);
    }

    [Fact]
    public void Best_frame_is_the_sharpest_acceptable_one()
    {
        var gate = Gate();
        using var good = GoodPhoto(gate);
        using var blurred = LivenessImageEdits.Blur(good, 6);
        using var softer = LivenessImageEdits.Blur(good, 1);
        var capture = LivenessTestData.Capture([blurred, softer, good], TimeSpan.FromMilliseconds(100));
        var verdicts = gate.Assess(capture, TestContext.Current.CancellationToken);
        Assert.Equal(2, FaceQualityGate.SelectBest(verdicts));
        Assert.Null(FaceQualityGate.SelectBest([verdicts[0]]));
    }

    // Cut the frame through the middle of the face: the face runs off the edge.
    private PixelBuffer CropThroughFace(PixelBuffer good)
    {
        var box = Subject(good);
        var cutX = (box.X + (box.Width * 0.5f)) / good.Width;
        return LivenessImageEdits.Crop(good, cutX, 0, 1 - cutX, 1);
    }

    // Keep the face whole but put it in a corner of a larger frame.
    private PixelBuffer OffCentre(PixelBuffer good)
    {
        // Halve the photo about its centre, then move the face to 0.33 of the width right of the centre.
        var box = Subject(good);
        return LivenessImageEdits.Transform(good, 0, dx: (good.Width * 0.33f) - (0.5f * (box.Center.X - (good.Width / 2f))), scale: 0.5f);
    }

    private FaceBox Subject(PixelBuffer image) =>
        EId.Biometrics.Detection.SubjectSelection.Choose(fixture.Detector!.Detect(image))!.Box;
}
