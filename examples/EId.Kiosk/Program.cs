using System.Diagnostics;
using System.Globalization;
using EId.Biometrics.Pipeline;
using EId.Credentials;
using EId.Credentials.Rendering;
using EId.Documents;
using EId.Faces;
using EId.Issuance;
using EId.Issuance.Binding;
using EId.Issuance.Issuing;
using EId.Kiosk.Demo;
using EId.Privacy;
using EId.Registry.Storage;
using EId.Risk;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

// The kiosk issuance demo: in-process, embedded defaults, everything under one work folder.
var options = KioskArguments.Parse(args);
if (options is null)
{
    KioskArguments.PrintUsage();
    return 2;
}

if (options.Server is not null)
{
    Console.Error.WriteLine("--server is not available yet: this slice runs the issuer in-process (the HTTP front system comes with the next slice of issue #10).");
    return 2;
}

var work = Path.GetFullPath(options.WorkFolder);
Directory.CreateDirectory(work);
var output = Path.Combine(work, "out");
Directory.CreateDirectory(output);
Say.Title($"EId kiosk demo — work folder {work}");

using var keys = KioskKeys.LoadOrCreate(Path.Combine(work, "keys"));
var registryFile = Path.Combine(work, "registry.db");
var seedRegistry = !File.Exists(registryFile);

var services = new ServiceCollection();
services.AddLogging(b => b.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning));
services.AddEIdBiometrics();
if (options.PassiveLiveness)
{
    services.AddEIdLiveness();
}
services.AddEIdRisk(o =>
{
    o.TrustedAuthorityKeys.Add(keys.Authority.PublicKey.ToArray());
    o.PseudonymKey = keys.PseudonymKey.ToArray();
    o.SqlitePath = Path.Combine(work, "risk.db");
    o.RecordAllowed = true;
});
services.AddEIdRegistry(o => o.Sqlite.DatabasePath = registryFile);
services.AddEIdCredentials(o =>
{
    o.Issuer.Issuer = KioskKeys.IssuerUri;
    o.SigningKeyPath = keys.SigningKeyPath;
    o.TrustListPath = keys.TrustListPath;
});
services.AddEIdIssuance(o =>
{
    o.JournalPath = Path.Combine(work, "issuance-journal.db");
    o.AllowWithoutLiveness = !options.PassiveLiveness; // only with --no-liveness
    o.ReferencePortrait = ReferencePortrait.Registry;
    o.CredentialFace = CredentialFace.Thumbnail;
});
await using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });

// 1. Device enrolment (first run): the back office certifies the kiosk key; the gateway's device registry knows it.
var devices = provider.GetRequiredService<IDeviceRegistry>();
if (await devices.FindAsync(KioskKeys.DeviceId) is null)
{
    await devices.EnrollAsync(keys.Device.Certificate.ToDeviceRecord());
    Say.Step("enrol", $"device {KioskKeys.DeviceId} at {KioskKeys.SiteId} enrolled (Ed25519 key, certificate signed by the demo enrolment authority)");
}
else
{
    Say.Step("enrol", $"device {KioskKeys.DeviceId} already enrolled");
}

// 2. Demo data (first run): sample photos, synthetic citizens, registry, card files, live frames.
var framesFolder = Path.Combine(work, "frames");
var provenanceFile = Path.Combine(work, "frames", "PROVENANCE.txt");
var cardsFolder = Path.Combine(work, "cards");
if (seedRegistry || !File.Exists(provenanceFile) || options.Regenerate)
{
    Say.Step("data", "preparing demo data (first run)…");
    var samples = SamplePhotos.Ensure(Path.Combine(work, "samples"), Path.Combine(work, "cache"), m => Say.Detail(m));
    var faces = DemoFaces.Prepare(samples, provider.GetRequiredService<FacePipeline>(), provider.GetRequiredService<IFaceMatcher>(), framesFolder, m => Say.Detail(m));
    var citizens = DemoCitizens.Create(faces.Portraits);
    var admin = provider.GetRequiredService<IIdentityRegistryAdmin>();
    var written = await admin.UpsertCitizensAsync(citizens);
    if (!written.IsSuccess)
    {
        Say.Fail($"seeding the registry failed: {written.Error}");
        return 1;
    }

    for (var i = 0; i < citizens.Count; i++)
    {
        DemoCitizens.WriteCardFile(citizens[i], cardsFolder, i);
    }

    File.WriteAllText(provenanceFile, faces.Provenance + Environment.NewLine);
    Say.Detail($"{citizens.Count} synthetic citizens (valid GB 11643 numbers, made-up names) seeded into {Path.GetFileName(registryFile)}; card files in cards/");
}

var provenance = File.ReadAllText(provenanceFile).Trim();
var cardFile = Path.Combine(cardsFolder, $"citizen-{options.Citizen}.json");
if (!File.Exists(cardFile))
{
    Say.Fail($"no card file {cardFile}");
    return 1;
}

// 3. Read the card through the simulated GA 467 reader: the real frame codec and reader run.
var readerServices = new ServiceCollection()
    .AddEIdDocuments(o =>
    {
        o.ReaderMode = IdCardReaderMode.Simulator;
        o.SimulatorCardFile = cardFile;
    });
await using var readerProvider = readerServices.BuildServiceProvider();
var read = await readerProvider.GetRequiredService<IDocumentReader>().ReadAsync();
if (!read.TryGetValue(out var document, out var readError))
{
    Say.Fail($"card read failed: {readError}");
    return 1;
}

Say.Step("card", $"{document.Kind} {PiiMask.IdNumber(document.IdNumber)} {PiiMask.Name(document.FullName)}, valid until {document.ValidUntil:yyyy-MM-dd}; card photo {document.Portrait?.Format} (no licensed WLT decoder: matched against the registry portrait)");

// 4. Camera stand-in: frames from files.
var frameFiles = options.Frames is null
    ? Directory.GetFiles(framesFolder, "live-*.jpg").Order(StringComparer.Ordinal).ToList()
    : Directory.Exists(options.Frames)
        ? Directory.GetFiles(options.Frames).Where(f => f.EndsWith(".jpg", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".jpeg", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".png", StringComparison.OrdinalIgnoreCase)).Order(StringComparer.Ordinal).ToList()
        : [options.Frames];
var capture = new FaceCapture([.. frameFiles.Select((f, i) => new FaceFrame(File.ReadAllBytes(f), TimeSpan.FromMilliseconds(i * 200)))]) { StartedAt = DateTimeOffset.UtcNow };
Say.Step("camera", $"{capture.Frames.Count} frame(s) from {(options.Frames is null ? "frames/" : options.Frames)}");
if (options.Frames is null)
{
    Say.Detail(provenance);
}

// 5. Sign the request with the device key and hand it to the issuer.
var requestId = options.RequestId ?? Guid.CreateVersion7().ToString("N");
var body = IssuanceRequestBinding.CreateBody(requestId, document, capture);
var signed = keys.Device.Sign(IssuanceRequestBinding.Method, IssuanceRequestBinding.Path, body);
Say.Step("sign", $"request {PiiMask.Text(requestId, 8)} signed by {signed.DeviceId} (nonce {PiiMask.Text(signed.Nonce, 4)})");
if (options.PassiveLiveness)
{
    Say.Step("liveness", "passive PAD (fr_liveness + antispoof) runs on the live frames; the active challenge is not wired into the demo yet");
}
else
{
    Say.Warn("LIVENESS IS NOT CHECKED (--no-liveness): the issuer runs with AllowWithoutLiveness. Never do that on a real kiosk.");
}

var issuer = provider.GetRequiredService<IIssuer>();
var watch = Stopwatch.StartNew();
var outcome = await issuer.IssueAsync(new IssuanceRequest(requestId, document, capture, signed), new ConsoleProgress());
watch.Stop();

if (!outcome.IsIssued)
{
    Say.Fail($"REFUSED at {outcome.Refusal.Step} after {watch.ElapsedMilliseconds} ms: {string.Join("; ", outcome.Refusal.Reasons.Select(r => $"{r.Code} ({r.Detail})"))}");
    return 1;
}

var credential = outcome.Credential;
Say.Title($"ISSUED in {watch.ElapsedMilliseconds} ms{(outcome.FromJournal ? " (answered from the journal: this request id was issued before)" : string.Empty)}");

// 6. Show and write the QR.
Console.WriteLine(QrCodeRenderer.RenderTerminal(credential.QrText));
var stem = "eid-" + (credential.Metadata.Serial ?? requestId)[..Math.Min(12, (credential.Metadata.Serial ?? requestId).Length)];
var png = Path.Combine(output, stem + ".png");
var svg = Path.Combine(output, stem + ".svg");
var card = Path.Combine(output, stem + "-card.png");
var text = Path.Combine(output, stem + ".txt");
await File.WriteAllBytesAsync(png, QrCodeRenderer.RenderPng(credential.QrText));
await File.WriteAllTextAsync(svg, QrCodeRenderer.RenderSvg(credential.QrText));
await File.WriteAllBytesAsync(card, CredentialCardRenderer.RenderPng(credential));
await File.WriteAllTextAsync(text, credential.QrText);

// 7. Any verifier checks it offline against the trust list.
var verdict = await provider.GetRequiredService<ICredentialVerifier>().VerifyAsync(credential.QrText);
if (verdict.IsValid)
{
    Say.Step("verify", $"offline verification OK: {PiiMask.IdNumber(verdict.Subject?.IdNumber)} {PiiMask.Name(verdict.Subject?.FullName)}, issuer {verdict.Metadata?.Issuer}, key {verdict.Metadata?.KeyId}, device {verdict.Metadata?.DeviceId}, valid until {verdict.Metadata?.ExpiresAt:u}, face thumbnail {(verdict.Subject?.Face is null ? "absent" : $"{verdict.Subject.Face.Data.Length} bytes")}");
}
else
{
    Say.Fail($"offline verification FAILED: {verdict.Error} {verdict.Message}");
}

Say.Step("files", $"QR PNG {png}");
Say.Detail($"QR SVG {svg}");
Say.Detail($"card   {card}");
Say.Detail($"text   {text} ({credential.QrText.Length} Base45 characters, QR version {QrCodeRenderer.VersionFor(credential.QrText)} M)");
Say.Detail($"stores {work}/registry.db, risk.db, issuance-journal.db; keys in {work}/keys");
return verdict.IsValid ? 0 : 1;

/// <summary>Command-line options (plain arguments).</summary>
internal sealed record KioskArguments(string WorkFolder, string? Frames, int Citizen, string? RequestId, bool Regenerate, string? Server, bool PassiveLiveness)
{
    public static KioskArguments? Parse(string[] args)
    {
        var work = File.Exists("EId.sln") ? Path.Combine("artifacts", "demo") : "eid-demo";
        string? frames = null, requestId = null, server = null;
        var citizen = 1;
        var regenerate = false;
        var passive = true;
        for (var i = 0; i < args.Length; i++)
        {
            string? Next() => i + 1 < args.Length ? args[++i] : null;
            switch (args[i])
            {
                case "--work": work = Next() ?? work; break;
                case "--frames": frames = Next(); break;
                case "--citizen" when int.TryParse(args.ElementAtOrDefault(i + 1), CultureInfo.InvariantCulture, out var n) && n > 0: citizen = n; i++; break;
                case "--request-id": requestId = Next(); break;
                case "--regenerate": regenerate = true; break;
                case "--no-liveness": passive = false; break;
                case "--server": server = Next() ?? string.Empty; break;
                default: return null;
            }
        }

        return new KioskArguments(work, frames, citizen, requestId, regenerate, server, passive);
    }

    public static void PrintUsage() => Console.Error.WriteLine("""
        usage: EId.Kiosk [--work <folder>] [--frames <image file or folder>] [--citizen <n>] [--request-id <id>] [--regenerate]
          --work        work folder (default artifacts/demo in the repository, else ./eid-demo)
          --frames      live frames (camera stand-in); default: the frames the demo generated
          --citizen     which synthetic citizen's card is on the reader (default 1)
          --request-id  reuse a request id (a retry answers from the journal)
          --regenerate  rebuild the demo data (samples, citizens, frames)
          --no-liveness skip the passive PAD check (the issuer then runs with AllowWithoutLiveness; demo only)
          --server      not in this slice: the issuer runs in-process
        """);
}

/// <summary>Prints the issuer's steps as they happen.</summary>
internal sealed class ConsoleProgress : IProgress<IssuanceProgress>
{
    public void Report(IssuanceProgress value)
    {
        switch (value.State)
        {
            case IssuanceStepState.Started when !Console.IsOutputRedirected:
                Console.Write($"  … {value.Step,-18}\r");
                break;
            case IssuanceStepState.Started:
                break;
            case IssuanceStepState.Passed:
                Say.Step(value.Step.ToString(), $"ok  {value.Elapsed.TotalMilliseconds,6:0} ms  {value.Detail}");
                break;
            case IssuanceStepState.Skipped:
                Say.Warn($"{value.Step}: skipped — {value.Detail}");
                break;
            default:
                Say.Fail($"{value.Step}: {value.Detail}");
                break;
        }
    }
}

/// <summary>Console output in the kiosk's voice.</summary>
internal static class Say
{
    public static void Title(string text) => Write(ConsoleColor.Cyan, $"== {text}");

    public static void Step(string step, string text) => Write(null, $"  [{step,-18}] {text}");

    public static void Detail(string text) => Write(ConsoleColor.DarkGray, $"  {string.Empty,20} {text}");

    public static void Warn(string text) => Write(ConsoleColor.Yellow, $"  !! {text}");

    public static void Fail(string text) => Write(ConsoleColor.Red, $"  xx {text}");

    private static void Write(ConsoleColor? color, string text)
    {
        if (color is { } c && !Console.IsOutputRedirected)
        {
            Console.ForegroundColor = c;
            Console.WriteLine(text);
            Console.ResetColor();
        }
        else
        {
            Console.WriteLine(text);
        }
    }
}
