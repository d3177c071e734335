using EId.Biometrics.Detection;
using EId.Faces;

namespace EId.Biometrics.Tests.Detection;

/// <summary>SCRFD and BlazeFace decoding on synthetic output tensors (no such model file is available here).</summary>
public sealed class DetectionDecodingTests
{
    [Fact]
    public void Scrfd_decodes_distance_boxes_and_keypoints_per_stride()
    {
        var outputs = new List<(int, float[])>();
        foreach (var stride in new[] { 8, 16, 32 })
        {
            var rows = 2 * (640 / stride) * (640 / stride);
            outputs.Add((1, new float[rows]));
            outputs.Add((4, new float[rows * 4]));
            outputs.Add((10, new float[rows * 10]));
        }

        // Stride 16, cell (x=10, y=5), second anchor: row = 2 * (5 * 40 + 10) + 1 = 421, centre (160, 80).
        const int Row = 421;
        outputs[3].Item2[Row] = 0.9f;
        new float[] { 2, 3, 4, 5 }.CopyTo(outputs[4].Item2, Row * 4);
        for (var k = 0; k < 5; k++)
        {
            outputs[5].Item2[(Row * 10) + (2 * k)] = k;
            outputs[5].Item2[(Row * 10) + (2 * k) + 1] = -k;
        }

        var found = Assert.Single(ScrfdFaceDetector.Decode(outputs, 0.5f));
        Assert.Equal(0.9f, found.Score);
        Assert.Equal(new FaceBox(160 - 32, 80 - 48, 32 + 64, 48 + 80), found.Box);
        Assert.Equal(5, found.Keypoints.Count);
        Assert.Equal(new FacePoint(160 + (3 * 16), 80 - (3 * 16)), found.Keypoints[3]);
    }

    [Fact]
    public void Scrfd_outputs_are_found_by_shape_in_any_order()
    {
        var outputs = new List<(int, float[])>();
        foreach (var stride in new[] { 32, 16, 8 })
        {
            var rows = 2 * (640 / stride) * (640 / stride);
            outputs.Add((10, new float[rows * 10]));
            outputs.Add((4, new float[rows * 4]));
            outputs.Add((1, Enumerable.Repeat(0.8f, rows).ToArray()));
        }

        Assert.Equal(2 * (6400 + 1600 + 400), ScrfdFaceDetector.Decode(outputs, 0.5f).Count);
        Assert.Throws<ArgumentException>(() => ScrfdFaceDetector.Decode(outputs.Take(8).ToList(), 0.5f));
    }

    [Fact]
    public void Blaze_face_decodes_anchors_of_both_strides()
    {
        var regressors = new float[896 * 16];
        var logits = Enumerable.Repeat(-10f, 896).ToArray();

        // Anchor 0: stride 16, cell (0, 0) → centre (8, 8). Anchor 512: first stride-32 anchor → centre (16, 16).
        logits[0] = 3f;
        new float[] { 2, 1, 20, 30, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6 }.CopyTo(regressors, 0);
        logits[512] = 2f;
        new float[] { 0, 0, 40, 40 }.CopyTo(regressors, 512 * 16);
        var found = BlazeFaceDetector.Decode(regressors, logits, 0.5f);
        Assert.Equal(2, found.Count);
        Assert.Equal(new FaceBox(10 - 10, 9 - 15, 20, 30), found[0].Box);
        Assert.Equal(1 / (1 + MathF.Exp(-3)), found[0].Score, 5);
        Assert.Equal(new FacePoint(14, 14), found[0].Keypoints[5]);
        Assert.Equal(new FaceBox(16 - 20, 16 - 20, 40, 40), found[1].Box);
    }

    [Fact]
    public void Weighted_nms_averages_overlapping_boxes()
    {
        var a = new FaceDetection(new FaceBox(0, 0, 10, 10), 0.9f, [new FacePoint(0, 0)]);
        var b = new FaceDetection(new FaceBox(1, 1, 10, 10), 0.9f, [new FacePoint(2, 2)]);
        var c = new FaceDetection(new FaceBox(50, 50, 10, 10), 0.8f, [new FacePoint(50, 50)]);
        var merged = NonMaxSuppression.Weighted([a, b, c], 0.3f, 10);
        Assert.Equal(2, merged.Count);
        Assert.Equal(0.5f, merged[0].Box.X, 4);
        Assert.Equal(new FacePoint(1, 1), merged[0].Keypoints[0]);
        Assert.Equal(2, NonMaxSuppression.Hard([a, b, c], 0.3f, 10).Count);
        Assert.Single(NonMaxSuppression.Hard([a, b, c], 0.3f, 1));
    }

    [Fact]
    public void Subject_is_the_highest_score_not_the_largest_box()
    {
        var bystander = new FaceDetection(new FaceBox(0, 0, 300, 300), 0.91f);
        var subject = new FaceDetection(new FaceBox(400, 100, 120, 120), 0.99f);
        Assert.Same(subject, SubjectSelection.Choose([bystander, subject]));
        var tieLarger = new FaceDetection(new FaceBox(0, 0, 300, 300), 0.985f);
        Assert.Same(tieLarger, SubjectSelection.Choose([subject, tieLarger]));
        Assert.Null(SubjectSelection.Choose([]));
    }
}
