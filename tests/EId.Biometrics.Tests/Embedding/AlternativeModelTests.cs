using EId.Biometrics.Detection;
using EId.Biometrics.Embedding;
using EId.Biometrics.Models;
using EId.Biometrics.Models.Locating;
using EId.Biometrics.Pipeline;
using EId.Biometrics.Tests.Support;
using EId.Imaging;
using EId.Testing;

namespace EId.Biometrics.Tests.Embedding;

/// <summary>The converted human-models files, when the Models project has produced them.</summary>
public sealed class AlternativeModelTests(PipelineFixture fixture)
{
    private const string SharonA = "faces/lfw-subset/images/Ariel_Sharon/Ariel_Sharon_0001.jpg";
    private const string SharonB = "faces/lfw-subset/images/Ariel_Sharon/Ariel_Sharon_0002.jpg";
    private const string Powell = "faces/lfw-subset/images/Colin_Powell/Colin_Powell_0001.jpg";

    [Fact]
    public void Blaze_face_finds_every_face()
    {
        using var detector = new BlazeFaceDetector(RequireModel(FaceModelNames.BlazeFace));
        using var group = Decode(SharedData.Require("faces/face_recognition/_multiface/examples__two_people.jpg"));
        var faces = detector.Detect(group);
        Assert.Equal(2, faces.Count);
        Assert.All(faces, f => Assert.Equal(6, f.Keypoints.Count));
        using var single = Decode(SharedData.Require(SharonA));
        var face = Assert.Single(detector.Detect(single));
        Assert.InRange(face.Box.Center.X, 95, 155);
    }

    [Theory]
    [InlineData(FaceEmbedderKind.FaceRes, 1024)]
    [InlineData(FaceEmbedderKind.MobileFace, 256)]
    public void Embedder_separates_same_from_different_person(FaceEmbedderKind kind, int dimension)
    {
        var profile = EmbedderProfile.For(kind);
        using var embedder = new OnnxFaceEmbedder(RequireModel(profile.ModelId), profile);
        var baseline = fixture.RequirePipeline();
        var pipeline = new FacePipeline(baseline.Decoder, baseline.Detector, baseline.Landmarker, embedder);
        var a = pipeline.Analyze(File.ReadAllBytes(SharedData.Require(SharonA))).GetValueOrThrow().Template;
        var b = pipeline.Analyze(File.ReadAllBytes(SharedData.Require(SharonB))).GetValueOrThrow().Template;
        var c = pipeline.Analyze(File.ReadAllBytes(SharedData.Require(Powell))).GetValueOrThrow().Template;
        Assert.Equal(dimension, a.Dimension);
        Assert.True(embedder.SupportsBatch);
        Assert.True(fixture.Matcher.Similarity(a, b) > fixture.Matcher.Similarity(a, c) + 0.1f);
    }

    private string RequireModel(string name)
    {
        Assert.SkipUnless(fixture.Locator.TryGetPath(name, out var path), $"{name}.onnx is not in .cache/models yet (EId.Biometrics.Models imports it).");
        return path;
    }

    private PixelBuffer Decode(string path) => fixture.Decoder.Decode(File.ReadAllBytes(path)).GetValueOrThrow();
}
