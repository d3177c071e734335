using EId.Postal.Courier;
using System.Diagnostics;
using System.Globalization;
using EId.Credentials;
using EId.Credentials.Rendering;
using EId.Documents;
using EId.Faces;
using EId.Issuance;
using EId.Issuance.Binding;
using EId.Issuance.Issuing;
using EId.Demo;
using EId.Issuance.Remote;
using EId.Privacy;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

// The kiosk issuance demo: in-process, embedded defaults, everything under one work folder.
var options = KioskArguments.Parse(args);
if (options is null)
{
    KioskArguments.PrintUsage();
    return 2;
}

var workspace = new DemoWorkspace(Path.GetFullPath(options.WorkFolder));
Directory.CreateDirectory(workspace.OutputFolder);
Say.Title(options.Server is null
    ? $"EId kiosk demo — work folder {workspace.Folder}"
    : $"EId kiosk demo — front system {options.Server}, work folder {workspace.Folder}");

using var keys = DemoKeys.LoadOrCreate(workspace.KeysFolder);
var services = new ServiceCollection();
// Log levels from configuration as the server takes them (appsettings.json beside the kiosk, then Logging__LogLevel__…
// environment variables); Warning when nothing is set.
var configuration = new ConfigurationBuilder()
    .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true)
    .AddEnvironmentVariables()
    .Build();
services.AddLogging(b => b.SetMinimumLevel(LogLevel.Warning).AddConfiguration(configuration.GetSection("Logging")).AddSimpleConsole(o => o.SingleLine = true));
if (options.Server is null)
{
    // In-process: the whole back end runs here on embedded defaults.
    workspace.AddIssuer(services, keys, options.Liveness);
}
else
{
    // Against EId.Server: only the offline verifier runs here; the issuer is the server's.
    services.AddEIdCredentials(o => o.TrustListPath = keys.TrustListPath);
    services.AddSingleton<IIssuer>(new HttpIssuer(DemoKeys.Client(options.Server)));
}

await using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });

// 1–2. Device enrolment and demo data (first run): the server does this itself when it starts.
if (options.Server is null)
{
    var problem = await workspace.PrepareAsync(provider, keys, options.Regenerate, m => Say.Step("data", m));
    if (problem is not null)
    {
        Say.Fail(problem);
        return 1;
    }
}
else if (!workspace.HasData)
{
    Say.Fail($"no demo data in {workspace.Folder}: start EId.Server with the same work folder first (bash eng/serve.sh)");
    return 1;
}

var provenance = File.ReadAllText(workspace.ProvenanceFile).Trim();
var cardFile = workspace.CardFile(options.Citizen);
if (!File.Exists(cardFile))
{
    Say.Fail($"no card file {cardFile}");
    return 1;
}

// 3. Read the card through the simulated GA 467 reader: the real frame codec and reader run.
var read = await workspace.ReadCardAsync(options.Citizen);
if (!read.TryGetValue(out var document, out var readError))
{
    Say.Fail($"card read failed: {readError}");
    return 1;
}

Say.Step("card", $"{document.Kind} {PiiMask.IdNumber(document.IdNumber)} {PiiMask.Name(document.FullName)}, valid until {document.ValidUntil:yyyy-MM-dd}; card photo {document.Portrait?.Format} (no licensed WLT decoder: matched against the registry portrait)");

// 4. Camera stand-in: frames from files.
ISenderCamera camera = options.Frames is null ? new FileCamera(workspace.LiveFrames()) : PerformanceCamera.TryOpen(options.Frames) ?? (ISenderCamera)FileCamera.From(options.Frames);
var capture = await camera.CaptureAsync();
if (options.Liveness == DemoLiveness.ActiveAndPassive)
{
    // Active liveness: the front system (in-process: the issuer's own challenge service) issues unpredictable steps for a
    // fresh nonce; the person performs them on camera; the capture quotes the challenge.
    var (challenge, status) = await ChallengeClient.BeginAsync(provider, options.Server, keys.Kiosk, IssuanceEndpoint.ChallengePath);
    if (challenge is not null)
    {
        Say.Step("challenge", $"please {string.Join(", then ", challenge.Steps)} (within {challenge.StepTimeLimit.TotalSeconds:0} s each); challenge {PiiMask.Text(challenge.Id, 6)}");
        try
        {
            capture = await new ChallengedCamera(camera, challenge).CaptureAsync();
        }
        catch (DirectoryNotFoundException e)
        {
            // A performance folder without the frames for a requested action.
            Say.Fail(e.Message);
            return 1;
        }
    }
    else if (status == System.Net.HttpStatusCode.NotFound)
    {
        // The server decides what liveness it requires; this one was started without the challenge (a demo switch).
        Say.Warn("the front system issues no challenge (started with EId:Server:ActiveLiveness=false): it checks passive PAD only");
    }
    else
    {
        Say.Fail($"the front system gave no challenge ({(int)status})");
        return 1;
    }
}

Say.Step("camera", $"{capture.Frames.Count} frame(s) from {(options.Frames is null ? "frames/" : options.Frames)}");
if (options.Frames is null)
{
    Say.Detail(provenance);
}

// 5. Sign the request with the device key and hand it to the issuer.
var requestId = options.RequestId ?? Guid.CreateVersion7().ToString("N");
var request = keys.KioskRequest(requestId, document, capture);
var signed = request.Signed;
Say.Step("sign", $"request {PiiMask.Text(requestId, 8)} signed by {signed.DeviceId} (nonce {PiiMask.Text(signed.Nonce, 4)})");
if (options.Server is not null)
{
    Say.Step("send", $"POST {new Uri(options.Server, IssuanceEndpoint.Path)}: the front system runs gateway, registry (sealed channel), face match, liveness, credential");
}

if (options.Liveness == DemoLiveness.ActiveAndPassive && camera is not PerformanceCamera && capture.ChallengeId is not null)
{
    Say.Warn("the sample frames are still photos: they cannot perform the challenge, so liveness refuses them as it must refuse a photo held up to a kiosk. Pass --frames <performance folder> (see the kiosk README), or --no-active to see the rest of the flow");
}
else if (options.Liveness == DemoLiveness.PassiveOnly)
{
    Say.Warn("--no-active: passive PAD (fr_liveness) only, so a good photo of the card holder can pass. Demo switch only; a real kiosk runs the active challenge");
}
else if (options.Liveness == DemoLiveness.None)
{
    Say.Warn("LIVENESS IS NOT CHECKED (--no-liveness): the issuer runs with AllowWithoutLiveness. Never do that on a real kiosk.");
}

var issuer = provider.GetRequiredService<IIssuer>();
var watch = Stopwatch.StartNew();
var outcome = await issuer.IssueAsync(request, new ConsoleProgress());
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
var output = workspace.OutputFolder;
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
Say.Detail(options.Server is null
    ? $"stores {workspace.Folder}/registry.db, risk.db, issuance-journal.db; keys in {workspace.KeysFolder}"
    : $"stores: the server's; keys in {workspace.KeysFolder}");
return verdict.IsValid ? 0 : 1;

/// <summary>Command-line options (plain arguments).</summary>
internal sealed record KioskArguments(string WorkFolder, string? Frames, int Citizen, string? RequestId, bool Regenerate, Uri? Server, DemoLiveness Liveness)
{
    public static KioskArguments? Parse(string[] args)
    {
        var work = DemoWorkspace.DefaultFolder;
        string? frames = null, requestId = null;
        Uri? server = null;
        var citizen = 1;
        var regenerate = false;
        var liveness = DemoLiveness.ActiveAndPassive;
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
                case "--no-liveness": liveness = DemoLiveness.None; break;
                case "--no-active": liveness = liveness == DemoLiveness.None ? liveness : DemoLiveness.PassiveOnly; break;
                case "--server" when Uri.TryCreate(args.ElementAtOrDefault(i + 1), UriKind.Absolute, out var url) && url.Scheme is "http" or "https":
                    server = new Uri(url.AbsoluteUri.TrimEnd('/') + "/");
                    i++;
                    break;
                default: return null;
            }
        }

        return new KioskArguments(work, frames, citizen, requestId, regenerate, server, liveness);
    }

    public static void PrintUsage() => Console.Error.WriteLine("""
        usage: EId.Kiosk [--work <folder>] [--frames <image file or folder>] [--citizen <n>] [--request-id <id>] [--regenerate] [--no-active | --no-liveness] [--server <url>]
          --work        work folder (default artifacts/demo in the repository, else ./eid-demo)
          --frames      live frames (camera stand-in): an image, a folder of images, or a performance folder
                        (neutral/, turn-left/, turn-right/, blink/, open-mouth/, look-up/ …) played in the challenge's order;
                        default: the still frames the demo generated
          --citizen     which synthetic citizen's card is on the reader (default 1)
          --request-id  reuse a request id (a retry answers from the journal)
          --regenerate  rebuild the demo data (samples, citizens, frames)
          --no-active   demo switch: passive PAD only, no active challenge (still sample photos cannot perform one)
          --no-liveness demo switch: no liveness check at all (the issuer runs with AllowWithoutLiveness)
          --server      the front system's URL (e.g. http://127.0.0.1:5080, bash eng/serve.sh); same --work folder as the server
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
