using System.Diagnostics;
using EId.ModelImport.Catalog;
using EId.ModelImport.Fetching;
using EId.ModelImport.Fixtures;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

// EId.ModelImport — see tools/EId.ModelImport/README.md.
//   import  [--cache DIR] [--force]   fetch both packages, copy/convert all models, write manifest.json;
//                                     extract the pinned face-api sample photos (test and demo data)
//   fetch   [--cache DIR]             only fetch and integrity-check the npm tarballs
//   convert MODEL.json OUT.onnx       convert one TF.js graph model and print its op histogram
//   golden-inputs SHARED_DIR OUT_DIR  write the real-face fixture inputs (float32 LE) for tools/golden
//   measure [--cache DIR]             single-thread ONNX Runtime latency of every model
var command = args.Length > 0 ? args[0] : "import";
var cache = Option("--cache") ?? Path.Combine(FindRepoRoot(), ".cache");
try
{
    switch (command)
    {
        case "import":
            var importer = new ModelImporter(cache, Console.Out);
            importer.Run(args.Contains("--force"));
            importer.EnsureSamples();
            return 0;
        case "fetch":
            var fetcher = new NpmFetcher(Path.Combine(cache, "npm"), Console.Out);
            foreach (var package in ModelCatalog.Packages)
            {
                fetcher.Fetch(package);
            }

            return 0;
        case "convert" when args.Length >= 3:
            return ConvertOne(args[1], args[2]);
        case "golden-inputs" when args.Length >= 3:
            Directory.CreateDirectory(args[2]);
            foreach (var spec in ModelCatalog.Models.Where(m => m.Kind == ModelSourceKind.ConvertedTfjs))
            {
                var values = FaceCropInput.Create(Path.Combine(args[1], FaceCropInput.SharedImage), spec.InputSize, spec.InputMin, spec.InputMax);
                var bytes = new byte[values.Length * 4];
                Buffer.BlockCopy(values, 0, bytes, 0, bytes.Length);
                File.WriteAllBytes(Path.Combine(args[2], spec.Name + ".face.f32"), bytes);
                Console.WriteLine($"{spec.Name}: {spec.InputSize}×{spec.InputSize}×3, sha256 {PackageIntegrity.Sha256Hex(bytes)}");
            }

            return 0;
        case "measure":
            return Measure(Path.Combine(cache, "models"));
        default:
            Console.Error.WriteLine("usage: EId.ModelImport import|fetch [--cache DIR] [--force] | convert MODEL.json OUT.onnx | golden-inputs SHARED_DIR OUT_DIR | measure");
            return 2;
    }
}
catch (Exception e) when (e is InvalidOperationException or IOException or UnauthorizedAccessException or InvalidDataException or System.Text.Json.JsonException or System.ComponentModel.Win32Exception)
{
    Console.Error.WriteLine($"error: {e.Message}");
    return 1;
}

static int ConvertOne(string json, string output)
{
    var watch = Stopwatch.StartNew();
    var read = EId.ModelImport.Tfjs.TfjsModelReader.ReadFile(json);
    if (!read.TryGetValue(out var model, out var error))
    {
        Console.Error.WriteLine($"error: {error}");
        return 1;
    }

    var converted = EId.ModelImport.Conversion.TfjsToOnnxConverter.Convert(model, Path.GetFileNameWithoutExtension(json));
    if (!converted.TryGetValue(out var onnx, out var convertError))
    {
        Console.Error.WriteLine($"error: {convertError}");
        return 1;
    }

    File.WriteAllBytes(output, EId.ModelImport.Onnx.OnnxWriter.Serialize(onnx));
    Console.WriteLine($"{output}: {onnx.Nodes.Count} ONNX nodes, {onnx.Initializers.Count} initializers, {watch.ElapsedMilliseconds} ms");
    foreach (var (op, count) in model.OpHistogram())
    {
        Console.WriteLine($"  {op,-28} {count}");
    }

    return 0;
}

static int Measure(string folder)
{
    foreach (var spec in ModelCatalog.Models)
    {
        using var options = new SessionOptions { IntraOpNumThreads = 1, InterOpNumThreads = 1 };
        using var session = new InferenceSession(Path.Combine(folder, spec.Name + ".onnx"), options);
        var feeds = session.InputMetadata.Select(p =>
        {
            var dims = p.Value.Dimensions.Select(d => d < 0 ? 1 : d).ToArray();
            var tensor = new DenseTensor<float>(new SeededNoise(7).Fill(dims.Aggregate(1, (a, b) => a * b), 0, 1), dims);
            return NamedOnnxValue.CreateFromTensor(p.Key, tensor);
        }).ToList();
        for (var i = 0; i < 5; i++)
        {
            session.Run(feeds).Dispose();
        }

        var runs = 0;
        var watch = Stopwatch.StartNew();
        while (watch.ElapsedMilliseconds < 1000 || runs < 10)
        {
            session.Run(feeds).Dispose();
            runs++;
        }

        Console.WriteLine($"{spec.Name,-12} {watch.Elapsed.TotalMilliseconds / runs,8:F2} ms/run single-thread ({runs} runs)");
    }

    return 0;
}

string? Option(string name)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
}

static string FindRepoRoot()
{
    for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
    {
        if (File.Exists(Path.Combine(dir.FullName, "EId.sln")))
        {
            return dir.FullName;
        }
    }

    return Directory.GetCurrentDirectory();
}
