using System.Text.Json;
using EId.Testing;
using SkiaSharp;

namespace EId.Cli.Tests.Commands;

/// <summary><c>eid face verify</c> on real photos: several faces refuse by default; a sideways face without EXIF is still found.</summary>
public sealed class FaceVerifyCommandTests
{
    [Fact]
    public async Task A_group_photo_is_inconclusive_with_several_faces_unless_allowed()
    {
        var group = SharedData.Require("faces/face_recognition/_multiface/examples__knn_examples__test__obama_and_biden.jpg");
        var obama = SharedData.Require("faces/face_recognition/obama/examples__obama-1080p.jpg");

        var (code, output, _) = await CliHarness.RunAsync("face", "verify", obama, group, "--json");
        using var refused = JsonDocument.Parse(output);
        Assert.Equal(1, code);
        Assert.Equal("Inconclusive", refused.RootElement.GetProperty("decision").GetString());
        Assert.Contains(refused.RootElement.GetProperty("reasons").EnumerateArray(), r => r.GetString() == "SeveralFaces");

        var (_, allowedOutput, _) = await CliHarness.RunAsync("face", "verify", obama, group, "--allow-several-faces", "--json");
        using var allowed = JsonDocument.Parse(allowedOutput);
        Assert.NotEqual("Inconclusive", allowed.RootElement.GetProperty("decision").GetString());
        Assert.Contains(allowed.RootElement.GetProperty("reasons").EnumerateArray(), r => r.GetString() == "SeveralFaces");
    }

    [Fact]
    public async Task A_face_turned_sideways_in_the_pixels_without_an_exif_tag_is_found_and_matched()
    {
        var obama = SharedData.Require("faces/face_recognition/obama/examples__obama-1080p.jpg");
        var other = SharedData.Require("faces/face_recognition/obama/examples__knn_examples__train__obama__obama.jpg");
        var sideways = Path.Combine(Path.GetTempPath(), $"eid-sideways-{Guid.NewGuid():N}.jpg");
        try
        {
            using (var source = SKBitmap.Decode(obama))
            using (var turned = new SKBitmap(source.Height, source.Width))
            {
                using (var canvas = new SKCanvas(turned))
                {
                    canvas.Translate(turned.Width, 0);
                    canvas.RotateDegrees(90);
                    using var image = SKImage.FromBitmap(source);
                    canvas.DrawImage(image, 0, 0, SKSamplingOptions.Default);
                }

                using var data = turned.Encode(SKEncodedImageFormat.Jpeg, 92);
                await File.WriteAllBytesAsync(sideways, data.ToArray(), TestContext.Current.CancellationToken);
            }

            var (code, output, _) = await CliHarness.RunAsync("face", "verify", other, sideways, "--json");
            using var result = JsonDocument.Parse(output);
            Assert.Equal("Match", result.RootElement.GetProperty("decision").GetString());
            Assert.Equal(0, code);
        }
        finally
        {
            File.Delete(sideways);
        }
    }
}
