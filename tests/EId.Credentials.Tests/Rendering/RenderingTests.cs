using EId.Credentials.Claims;
using EId.Credentials.Imaging;
using EId.Credentials.Issuing;
using EId.Credentials.Keys;
using EId.Credentials.Rendering;
using EId.Documents;
using Microsoft.Extensions.Options;
using SkiaSharp;

namespace EId.Credentials.Tests.Rendering;

public sealed class RenderingTests : IDisposable
{
    private readonly IssuerSigningKey _key = IssuerSigningKey.Generate();

    public void Dispose() => _key.Dispose();

    private string Credential() => Claim169Encoder.Encode(TestCredentials.Claims(), _key);

    [Fact]
    public void Png_is_a_decodable_image_of_the_expected_size()
    {
        var text = Credential();
        var png = QrCodeRenderer.RenderPng(text, new QrRenderOptions { PixelsPerModule = 3 });
        using var bitmap = SKBitmap.Decode(png);
        Assert.NotNull(bitmap);
        var modules = QrCodeRenderer.Modules(text).GetLength(0);
        Assert.Equal(modules * 3, bitmap.Width);
        Assert.Equal(17 + (4 * QrCodeRenderer.VersionFor(text)) + 8, modules); // size formula + quiet zone
        // Top-left finder pattern: dark at the first module inside the quiet zone.
        Assert.True(bitmap.GetPixel((4 * 3) + 1, (4 * 3) + 1).Red < 64);
        Assert.True(bitmap.GetPixel(1, 1).Red > 192);
    }

    [Fact]
    public void Svg_and_terminal_outputs_hold_the_same_matrix()
    {
        var text = Credential();
        var modules = QrCodeRenderer.Modules(text, new QrRenderOptions { QuietZone = false });
        var size = modules.GetLength(0);
        var svg = QrCodeRenderer.RenderSvg(text);
        Assert.StartsWith("<svg", svg.TrimStart(), StringComparison.Ordinal);

        var ascii = QrCodeRenderer.RenderTerminal(text, TerminalStyle.Ascii, new QrRenderOptions { QuietZone = false }).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(size, ascii.Length);
        for (var y = 0; y < size; y++)
        {
            for (var x = 0; x < size; x++)
            {
                Assert.Equal(modules[y, x], ascii[y][2 * x] == '#');
            }
        }

        var halfBlocks = QrCodeRenderer.RenderTerminal(text, TerminalStyle.HalfBlocks, new QrRenderOptions { QuietZone = false });
        Assert.Equal((size + 1) / 2, halfBlocks.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.Contains("\u001b[40m", QrCodeRenderer.RenderTerminal(text, TerminalStyle.Ansi), StringComparison.Ordinal);
    }

    [Fact]
    public void Higher_error_correction_needs_a_larger_version()
    {
        var text = Credential();
        Assert.True(QrCodeRenderer.VersionFor(text, QrErrorCorrection.H) > QrCodeRenderer.VersionFor(text, QrErrorCorrection.L));
    }

    [Theory]
    [InlineData(QrErrorCorrection.L)]
    [InlineData(QrErrorCorrection.M)]
    [InlineData(QrErrorCorrection.Q)]
    public async Task Zbarimg_reads_back_the_exact_text(QrErrorCorrection ecc)
    {
        var zbar = ExternalTool.Find("zbarimg");
        Assert.SkipWhen(zbar is null, "zbarimg is not installed (apt-get install zbar-tools); .ci/run installs it.");
        var text = Credential();
        var path = Path.Combine(Path.GetTempPath(), $"eid-qr-{Guid.NewGuid():N}.png");
        try
        {
            File.WriteAllBytes(path, QrCodeRenderer.RenderPng(text, new QrRenderOptions { ErrorCorrection = ecc, PixelsPerModule = 4 }));
            var (exit, stdout, stderr) = ExternalTool.Run(zbar!, ["--raw", "-q", "-Sdisable", "-Sqrcode.enable", path]);
            Assert.True(exit == 0, stderr);
            Assert.Equal(text, stdout.TrimEnd('\n'));
            Assert.True((await TestCredentials.Verifier(_key).VerifyAsync(stdout.TrimEnd('\n'))).IsValid);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task Credential_with_face_thumbnail_fits_version_30_at_ecc_m_and_zbarimg_reads_the_card()
    {
        var portrait = EId.Testing.SharedData.Require("faces/lfw-subset");
        var photo = Directory.GetFiles(portrait, "*.jpg", SearchOption.AllDirectories).Order(StringComparer.Ordinal).First();
        var issuer = new Claim169Issuer(new InMemoryKeyStore(_key), Options.Create(new CredentialIssuerOptions { Issuer = TestCredentials.Issuer, StatusListUri = "https://kiosk.example.test/status/1", CountryOfIssuance = "CN" }), new SequentialStatusIndexAllocator(), TestCredentials.Clock());
        var subject = new CredentialSubject
        {
            IdNumber = "110101199003074518",
            FullName = "张三",
            BirthDate = new DateOnly(1990, 3, 7),
            Gender = Gender.Male,
            Address = "北京市东城区景山前街4号",
            Nationality = "CHN",
            Face = new DocumentPortrait(await File.ReadAllBytesAsync(photo), ImageFormat.Jpeg),
            FaceTemplate = new Faces.FaceTemplate("fr_feature", Enumerable.Range(0, 128).Select(i => MathF.Sin(i) / 8f).ToArray()),
        };

        var issued = await issuer.IssueAsync(new CredentialRequest(subject, "KIOSK-7", TimeSpan.FromDays(3)));

        Assert.Equal(ImageFormat.WebP, issued.Subject.Face!.Format);
        Assert.True(issued.Subject.Face.Data.Length <= new CredentialIssuerOptions().MaxFaceBytes);
        Assert.True(QrCodeRenderer.VersionFor(issued.QrText, QrErrorCorrection.M) <= 30, $"version {QrCodeRenderer.VersionFor(issued.QrText, QrErrorCorrection.M)} for {issued.QrText.Length} chars");
        Assert.DoesNotContain("110101199003074518", issued.ToString(), StringComparison.Ordinal);

        var verdict = await TestCredentials.Verifier(_key, TestCredentials.Clock(TestCredentials.Now.AddHours(1))).VerifyAsync(issued.QrText);
        Assert.True(verdict.IsValid, verdict.Message);
        Assert.Equal(issued.Subject.Face.Data.ToArray(), verdict.Subject!.Face!.Data.ToArray());
        Assert.Equal("fr_feature", verdict.Subject.FaceTemplate!.ModelId);
        var cosine = verdict.Subject.FaceTemplate.Vector.Span.ToArray().Zip(Normalise(subject.FaceTemplate.Vector.Span.ToArray())).Sum(p => p.First * p.Second);
        Assert.True(cosine > 0.999f, $"template survived int8 packing with cosine {cosine}");
        Assert.Equal(0, verdict.Metadata!.StatusIndex);

        var card = CredentialCardRenderer.RenderPng(issued);
        using var bitmap = SKBitmap.Decode(card);
        Assert.Equal(1011, bitmap.Width);

        var zbar = ExternalTool.Find("zbarimg");
        Assert.SkipWhen(zbar is null, "zbarimg is not installed (apt-get install zbar-tools); .ci/run installs it.");
        var path = Path.Combine(Path.GetTempPath(), $"eid-card-{Guid.NewGuid():N}.png");
        try
        {
            await File.WriteAllBytesAsync(path, card);
            var (exit, stdout, stderr) = ExternalTool.Run(zbar!, ["--raw", "-q", "-Sdisable", "-Sqrcode.enable", path]);
            Assert.True(exit == 0, stderr);
            Assert.Equal(issued.QrText, stdout.TrimEnd('\n'));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Face_thumbnail_of_a_face_region_is_a_crop_of_that_face_not_the_shrunk_photo()
    {
        // A 1200×900 "photo": grey background, a red 150×200 "face" off-centre.
        using var bitmap = new SkiaSharp.SKBitmap(1200, 900);
        using (var canvas = new SkiaSharp.SKCanvas(bitmap))
        using (var red = new SkiaSharp.SKPaint { Color = SkiaSharp.SKColors.Red })
        {
            canvas.Clear(new SkiaSharp.SKColor(90, 90, 90));
            canvas.DrawRect(800, 200, 150, 200, red);
        }

        using var jpeg = bitmap.Encode(SkiaSharp.SKEncodedImageFormat.Jpeg, 90);
        var face = new Faces.FaceBox(800, 200, 150, 200);

        using var cropped = Decode(FaceThumbnail.Create(jpeg.ToArray(), face, 64, 800)!);
        using var whole = Decode(FaceThumbnail.Create(jpeg.ToArray(), null, 64, 800)!);

        // The crop is square, 64 px, and its centre is the face; the whole-photo thumbnail keeps the aspect and the face is a speck.
        Assert.Equal((64, 64), (cropped.Width, cropped.Height));
        Assert.True(cropped.GetPixel(32, 32).Red > 180 && cropped.GetPixel(32, 32).Green < 80, cropped.GetPixel(32, 32).ToString());
        Assert.Equal((64, 48), (whole.Width, whole.Height));
        Assert.True(whole.GetPixel(32, 24).Red < 140, whole.GetPixel(32, 24).ToString());
    }

    private static SkiaSharp.SKBitmap Decode(EId.Documents.DocumentPortrait portrait) => SkiaSharp.SKBitmap.Decode(portrait.Data.ToArray());

    [Fact]
    public void Face_thumbnail_rejects_non_images()
    {
        Assert.Null(FaceThumbnail.Create([1, 2, 3, 4]));
    }

    private static float[] Normalise(float[] v)
    {
        var n = MathF.Sqrt(v.Sum(x => x * x));
        return [.. v.Select(x => x / n)];
    }
}
