using EId.Biometrics.Detection;
using EId.Biometrics.Liveness;
using EId.Biometrics.Tests.Support;
using EId.Testing;

namespace EId.Biometrics.Tests.Liveness;

/// <summary><c>fr_pose</c> sign conventions, measured on real photos: mirrored photos flip yaw, rotated photos shift roll.</summary>
public sealed class LivenessPoseTests(PipelineFixture fixture)
{
    private FrPoseEstimator Estimator()
    {
        fixture.RequirePipeline();
        Assert.SkipUnless(fixture.Locator.TryGetPath("fr_pose", out var path), "fr_pose is not in .cache/models.");
        return new FrPoseEstimator(path!);
    }

    [Fact]
    public void Pose_agrees_with_landmark_geometry_and_image_edits()
    {
        using var pose = Estimator();
        var meter = new FaceMotionMeter(fixture.Decoder, fixture.Detector!, fixture.Landmarker!, null);
        var lines = new List<string>();
        var checkedYaw = 0;
        foreach (var photo in LivenessTestData.BonaFidePhotos().Where(p => p.Contains("face_recognition", StringComparison.Ordinal)).Take(22))
        {
            using var image = LivenessImageEdits.Load(photo);
            using var mirrored = LivenessImageEdits.Mirror(image);
            using var rotated = LivenessImageEdits.Transform(image, 15);
            var box = SubjectSelection.Choose(fixture.Detector!.Detect(image))?.Box;
            var mbox = SubjectSelection.Choose(fixture.Detector!.Detect(mirrored))?.Box;
            var rbox = SubjectSelection.Choose(fixture.Detector!.Detect(rotated))?.Box;
            if (box is null || mbox is null || rbox is null)
            {
                continue;
            }

            var p = pose.Estimate(image, box.Value);
            var m = pose.Estimate(mirrored, mbox.Value);
            var r = pose.Estimate(rotated, rbox.Value);
            byte[]? prev = null;
            var g = meter.Measure(image, TimeSpan.Zero, ref prev);
            lines.Add($"{Path.GetFileName(photo)}: pose yaw {p.Yaw:0} pitch {p.Pitch:0} roll {p.Roll:0} | mirrored yaw {m.Yaw:0} roll {m.Roll:0} | rot+15 roll {r.Roll:0} | landmarks yaw {g.Yaw:0} roll {g.Roll:0}");
            if (MathF.Abs(p.Yaw) > 10)
            {
                checkedYaw++;
                Assert.True(MathF.Sign(m.Yaw) == -MathF.Sign(p.Yaw), lines[^1]);
                Assert.True(MathF.Sign(g.Yaw) == MathF.Sign(p.Yaw) || MathF.Abs(g.Yaw) < 5, lines[^1]);
            }

            Assert.InRange(r.Roll - p.Roll, 5, 25);
        }

        LivenessTestData.Report(string.Join("\n", lines));
        Assert.True(checkedYaw > 0, "no turned head among the photos");
    }
}
