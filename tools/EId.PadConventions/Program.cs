using System.Globalization;
using System.Text;
using EId.Biometrics.Detection;
using EId.Biometrics.Imaging;
using EId.Biometrics.Liveness;
using EId.Biometrics.Models;
using EId.Biometrics.Models.Locating;
using EId.Imaging;
using SkiaSharp;

// EId.PadConventions — see tools/EId.PadConventions/README.md.
//   --photos DIR   bona fide (real, live) face photos, searched recursively (required)
//   --models DIR   folder with the ONNX models (default: the ModelLocator search order)
//   --out FILE     also write the table there
// Scores every photo under each input variant of the three PAD models, with and without its EXIF orientation applied,
// and prints per-variant statistics (bona fide only: read them beside `eid face pad-evaluate` on attacks).
var photos = Option("--photos");
if (photos is null || !Directory.Exists(photos))
{
    Console.Error.WriteLine(photos is null ? "usage: --photos DIR [--models DIR] [--out FILE]" : $"No such folder: {Path.GetFullPath(photos)}");
    return 2;
}

var locator = new ModelLocator(Option("--models"));
var variants = new (string Name, PadModelProfile Profile)[]
{
    ("fr_liveness BGR raw", PadModelProfile.FrLiveness with { Input = PadModelProfile.FrLiveness.Input with { Order = ChannelOrder.Bgr } }),
    ("fr_liveness RGB raw", PadModelProfile.FrLiveness with { Input = PadModelProfile.FrLiveness.Input with { Order = ChannelOrder.Rgb } }),
    ("fr_liveness BGR 1.0x", PadModelProfile.FrLiveness with { CropScale = 1.0f }),
    ("antispoof RGB", PadModelProfile.AntiSpoof),
    ("antispoof BGR", PadModelProfile.AntiSpoof with { Input = PadModelProfile.AntiSpoof.Input with { Order = ChannelOrder.Bgr } }),
    ("antispoof RGB 1.5x", PadModelProfile.AntiSpoof with { CropScale = 1.5f }),
    ("liveness RGB", PadModelProfile.Liveness),
    ("liveness RGB 1.5x", PadModelProfile.Liveness with { CropScale = 1.5f }),
};

try
{
    using var detector = new FrDetectFaceDetector(locator.GetPath(FaceModelNames.FrDetect));
    var models = variants.Select(v => new PadModel(locator.GetPath(v.Profile.ModelName), v.Profile)).ToArray();
    try
    {
        var table = Score(Directory.EnumerateFiles(photos, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal), detector, models);
        Console.Write(table);
        if (Option("--out") is { } file)
        {
            File.WriteAllText(file, table);
        }

        return 0;
    }
    finally
    {
        foreach (var model in models)
        {
            model.Dispose();
        }
    }
}
catch (ModelNotFoundException e)
{
    Console.Error.WriteLine(e.Message);
    return 3;
}

string Score(IEnumerable<string> files, FrDetectFaceDetector detector, PadModel[] models)
{
    var decoder = new SkiaImageDecoder();
    var oriented = variants.Select(_ => new List<float>()).ToArray();
    var raw = variants.Select(_ => new List<float>()).ToArray();
    var text = new StringBuilder();
    foreach (var file in files)
    {
        var bytes = File.ReadAllBytes(file);
        if (!decoder.Decode(bytes).TryGetValue(out var image, out _))
        {
            continue; // not an image
        }

        using (image)
        using (var unrotated = DecodeIgnoringExif(bytes))
        {
            var face = SubjectSelection.Choose(detector.Detect(image));
            var rawFace = unrotated is null ? null : SubjectSelection.Choose(detector.Detect(unrotated));
            for (var v = 0; v < variants.Length; v++)
            {
                if (face is not null)
                {
                    oriented[v].Add(models[v].Score(image, face.Box));
                }

                if (rawFace is not null)
                {
                    raw[v].Add(models[v].Score(unrotated!, rawFace.Box));
                }
            }

            var row = Enumerable.Range(0, variants.Length).Select(v => face is null ? "-" : oriented[v][^1].ToString("0.00", CultureInfo.InvariantCulture));
            text.Append(CultureInfo.InvariantCulture, $"{Path.GetFileName(file)}: {string.Join(' ', row)}\n");
        }
    }

    for (var v = 0; v < variants.Length; v++)
    {
        text.Append(CultureInfo.InvariantCulture, $"{variants[v].Name}: {Summary(oriented[v])} | EXIF ignored: {Summary(raw[v])}\n");
    }

    return text.ToString();
}

static string Summary(List<float> scores)
{
    if (scores.Count == 0)
    {
        return "n=0";
    }

    var s = scores.Order().ToArray();
    return string.Create(CultureInfo.InvariantCulture, $"n={s.Length} mean={s.Average():0.000} p5={s[(int)(0.05 * s.Length)]:0.000} min={s[0]:0.000} below0.5={s.Count(x => x < 0.5f)}");
}

// The pixels as stored, without the EXIF orientation the project's decoder applies.
static PixelBuffer? DecodeIgnoringExif(byte[] bytes)
{
    using var decoded = SKBitmap.Decode(bytes);
    if (decoded is null)
    {
        return null;
    }

    using var bitmap = decoded.Copy(SKColorType.Rgba8888);
    var buffer = PixelBuffer.Rent(bitmap.Width, bitmap.Height, PixelFormat.Rgba32);
    bitmap.GetPixelSpan().CopyTo(buffer.Pixels);
    return buffer;
}

string? Option(string name)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
}
