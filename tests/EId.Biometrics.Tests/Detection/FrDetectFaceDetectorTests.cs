using EId.Biometrics.Imaging;
using EId.Biometrics.Landmarks;
using EId.Biometrics.Tests.Support;
using EId.Faces;
using EId.Imaging;
using EId.Testing;

namespace EId.Biometrics.Tests.Detection;

public sealed class FrDetectFaceDetectorTests(PipelineFixture fixture)
{
    [Theory]
    [InlineData("sample1.jpg", 3)]
    [InlineData("sample2.jpg", 3)]
    [InlineData("sample3.jpg", 3)]
    [InlineData("sample4.jpg", 4)]
    [InlineData("sample5.jpg", 5)]
    [InlineData("sample6.jpg", 4)]
    public void Counts_faces_in_face_api_samples(string name, int expected)
    {
        var pipeline = fixture.RequirePipeline();
        using var image = Decode(PipelineFixture.FaceApiSample(name));
        var faces = pipeline.Detector.Detect(image);
        Assert.Equal(expected, faces.Count);
        Assert.All(faces, f => Assert.InRange(f.Box.Width, 100, 400));
    }

    [Theory]
    [InlineData("examples__knn_examples__test__kit_with_rose.jpg", 2)]
    [InlineData("examples__two_people.jpg", 2)]
    [InlineData("examples__knn_examples__test__obama_and_biden.jpg", 3)] // a child at the right edge is the third face
    public void FindsEveryFaceInGroupPhotos(string name, int expected)
    {
        var pipeline = fixture.RequirePipeline();
        using var image = Decode(SharedData.Require($"faces/face_recognition/_multiface/{name}"));
        Assert.Equal(expected, pipeline.Detector.Detect(image).Count);
    }

    [Fact]
    public void Finds_the_face_in_a_small_id_card_portrait()
    {
        var pipeline = fixture.RequirePipeline();
        using var photo = Decode(SharedData.Require("faces/lfw-subset/images/Ariel_Sharon/Ariel_Sharon_0001.jpg"));

        // An ID-card-like portrait: ~100×125, the face filling most of it.
        using var portrait = PixelBuffer.Rent(100, 125, PixelFormat.Rgb24);
        ImageSampler.Warp(photo, ImageSampler.RectToRect(62, 45, 124, 155, 100, 125), portrait);
        var face = Assert.Single(pipeline.Detector.Detect(portrait));
        Assert.True(face.Box.Width > 50, $"box {face.Box}");
    }

    [Fact]
    public void Finds_no_face_in_a_non_face_image()
    {
        var pipeline = fixture.RequirePipeline();
        using var noise = PixelBuffer.Rent(320, 240, PixelFormat.Rgb24);
        new Random(7).NextBytes(noise.Pixels);
        Assert.Empty(pipeline.Detector.Detect(noise));
        using var flat = PixelBuffer.Rent(640, 480, PixelFormat.Gray8);
        flat.Pixels.Fill(128);
        Assert.Empty(pipeline.Detector.Detect(flat));
    }

    [Fact]
    public void Tiny_faces_fall_below_the_minimum_size()
    {
        var pipeline = fixture.RequirePipeline();
        using var photo = Decode(SharedData.Require("faces/lfw-subset/images/Ariel_Sharon/Ariel_Sharon_0001.jpg"));

        // The whole 250-px photo shrunk to 24 px inside a 640×480 frame: the face is ~10 px.
        using var frame = PixelBuffer.Rent(640, 480, PixelFormat.Rgb24);
        ImageSampler.Warp(photo, ImageSampler.RectToRect(-3000, -2000, 6667, 5000, 640, 480), frame);
        Assert.Empty(pipeline.Detector.Detect(frame));
        Assert.Equal(FaceMatchReason.NoFaceInProbe, Analyze(frame));
    }

    [Fact]
    public void Landmarks_land_on_eyes_nose_and_mouth()
    {
        var pipeline = fixture.RequirePipeline();
        var root = SharedData.Require("faces/lfw-subset/images");
        foreach (var file in Directory.EnumerateFiles(root, "*_0001.jpg", SearchOption.AllDirectories))
        {
            using var image = Decode(file);
            var face = Biometrics.Detection.SubjectSelection.Choose(pipeline.Detector.Detect(image))!;
            var all = fixture.Landmarker!.Locate(image, face);
            Assert.Equal(68, all.Points.Count);
            var five = FivePoints.From(all).Points;
            var (leftEye, rightEye, nose, mouthLeft, mouthRight) = (five[0], five[1], five[2], five[3], five[4]);
            Assert.True(leftEye.X < nose.X && nose.X < rightEye.X, $"{file}: nose between the eyes");
            Assert.True(mouthLeft.X < mouthRight.X, $"{file}: mouth corners ordered");
            Assert.True(MathF.Max(leftEye.Y, rightEye.Y) < nose.Y && nose.Y < MathF.Min(mouthLeft.Y, mouthRight.Y), $"{file}: eyes above nose above mouth");
            var eyeDistance = rightEye.X - leftEye.X;
            Assert.InRange(eyeDistance / face.Box.Width, 0.25f, 0.65f);

            // LFW crops are centred on the face: eyes sit near the middle of the 250-px image.
            Assert.InRange((leftEye.X + rightEye.X) / 2, 95, 155);
            Assert.InRange((leftEye.Y + rightEye.Y) / 2, 90, 135);
        }
    }

    private FaceMatchReason Analyze(PixelBuffer image) =>
        fixture.Pipeline!.Analyze(image).IsSuccess ? FaceMatchReason.ScoreAboveThreshold : FaceMatchReason.NoFaceInProbe;

    private PixelBuffer Decode(string path) => fixture.Decoder.Decode(File.ReadAllBytes(path)).GetValueOrThrow();
}
