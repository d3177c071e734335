using System.Diagnostics.CodeAnalysis;
using EId.Documents;
using EId.Documents.IdCards;
using EId.Documents.Portraits;
using EId.Documents.Simulation;
using EId.Documents.Transport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace EId.Documents.Tests.IdCards;

public class IdCardReaderTests
{
    private static readonly FakeTimeProvider Clock = CreateClock();

    private static FakeTimeProvider CreateClock()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 10, 0, 0, TimeSpan.Zero));
        clock.SetLocalTimeZone(TimeZoneInfo.Utc);
        return clock;
    }

    private static IdCardReader Reader(SimulatedIdCardDevice device, params IPortraitDecoder[] decoders) =>
        new(new StreamIdCardTransport(device.OpenStream(), new IdCardTransportOptions { ResponseTimeout = TimeSpan.FromSeconds(10) }), Clock, decoders);

    [Fact]
    public async Task Reads_a_card_through_find_select_read()
    {
        var device = new SimulatedIdCardDevice(new SimulatedCard(CardSamples.Resident(), CardSamples.Photo()));
        var document = (await Reader(device).ReadAsync(TestContext.Current.CancellationToken)).GetValueOrThrow();
        Assert.Equal(3, device.CommandsAnswered);
        Assert.Equal("11010519491231002X", document.IdNumber);
        Assert.Equal(ImageFormat.Wlt, document.Portrait!.Format);
    }

    [Fact]
    public async Task No_card_is_NoDocument()
    {
        var result = await Reader(new SimulatedIdCardDevice()).ReadAsync(TestContext.Current.CancellationToken);
        Assert.Equal(DocumentReadError.NoDocument, result.Error!.Reason);
    }

    [Fact]
    public async Task Reader_status_errors_are_ReaderError()
    {
        var device = SimulatedIdCardDevice.Replay(
        [
            IdCardFrame.EncodeResponse(IdCardResponse.Of(IdCardStatus.FindSucceeded, new byte[4])),
            IdCardFrame.EncodeResponse(IdCardResponse.Of(IdCardStatus.Success, new byte[8])),
            IdCardFrame.EncodeResponse(new IdCardResponse(0x6A, 0x82, IdCardStatus.ReadFailed, ReadOnlyMemory<byte>.Empty)),
        ]);
        var result = await Reader(device).ReadAsync(TestContext.Current.CancellationToken);
        Assert.Equal(DocumentReadError.ReaderError, result.Error!.Reason);
        Assert.Contains("41", result.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Inconsistent_card_data_is_InvalidData()
    {
        var device = new SimulatedIdCardDevice(new SimulatedCard(CardSamples.Resident(sexCode: "1"), CardSamples.Photo()));
        var result = await Reader(device).ReadAsync(TestContext.Current.CancellationToken);
        Assert.Equal(DocumentReadError.InvalidData, result.Error!.Reason);
    }

    [Fact]
    public async Task A_registered_portrait_decoder_is_applied()
    {
        var device = new SimulatedIdCardDevice(new SimulatedCard(CardSamples.Resident(), CardSamples.Photo()));
        var document = (await Reader(device, new LengthPrefixDecoder()).ReadAsync(TestContext.Current.CancellationToken)).GetValueOrThrow();
        Assert.Equal(ImageFormat.Png, document.Portrait!.Format);
        Assert.Equal(1024 + 4, document.Portrait.Data.Length);
    }

    [Fact]
    public async Task AddEIdDocuments_wires_a_simulator_from_a_card_file()
    {
        var file = Path.Combine(Path.GetTempPath(), $"eid-card-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(file, """
            { "name": "李四", "sexCode": "1", "nationCode": "03", "birthDate": "19800101", "address": "上海市某路2号",
              "idNumber": "310101198001010018", "issuingAuthority": "上海市公安局", "validFrom": "20200101", "validUntil": "20400101" }
            """, TestContext.Current.CancellationToken);
        try
        {
            var services = new ServiceCollection()
                .AddSingleton<TimeProvider>(Clock)
                .AddEIdDocuments(o =>
                {
                    o.ReaderMode = IdCardReaderMode.Simulator;
                    o.SimulatorCardFile = file;
                });
            await using var provider = services.BuildServiceProvider();
            await provider.GetRequiredService<IAsyncStartupValidator>().ValidateAsync(TestContext.Current.CancellationToken);
            var document = (await provider.GetRequiredService<IDocumentReader>().ReadAsync(TestContext.Current.CancellationToken)).GetValueOrThrow();
            Assert.Equal("李四", document.FullName);
            Assert.Equal("回", document.Ethnicity);
            Assert.Equal(Gender.Male, document.Gender);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task A_citizen_record_file_becomes_a_card()
    {
        var card = SimulatedIdCardDevice.ParseCard("""
            { "idNumber": "11010519491231002X", "fullName": "张三丰", "gender": "Female", "ethnicity": "满族",
              "birthDate": "1949-12-31", "address": "北京市朝阳区某某路1号", "status": "Valid" }
            """);
        var document = (await Reader(new SimulatedIdCardDevice(card)).ReadAsync(TestContext.Current.CancellationToken)).GetValueOrThrow();
        Assert.Equal("满", document.Ethnicity);
        Assert.Equal(Gender.Female, document.Gender);
        Assert.Equal(new DateOnly(2020, 1, 1), document.ValidFrom);
        Assert.Null(document.ValidUntil);

        Assert.Throws<System.Text.Json.JsonException>(() => SimulatedIdCardDevice.ParseCard("""{ "fullName": "张三丰" }"""));
        Assert.Throws<System.Text.Json.JsonException>(() => SimulatedIdCardDevice.ParseCard("""{ "idNumber": "11010519491231002X", "fullName": "张三丰", "ethnicity": "火星" }"""));

        // A photo too large for one response frame is refused when parsed, not thrown later by the device's read.
        var hugePhoto = Convert.ToBase64String(new byte[IdCardFrame.MaxBodyLength]);
        Assert.Throws<System.Text.Json.JsonException>(() => SimulatedIdCardDevice.ParseCard(
            $$"""{ "idNumber": "11010519491231002X", "fullName": "张三丰", "ethnicity": "汉", "photoBase64": "{{hugePhoto}}" }"""));
    }

    [Fact]
    public async Task AddEIdDocuments_replays_recorded_frame_files()
    {
        var files = new[]
        {
            IdCardFrame.EncodeResponse(IdCardResponse.Of(IdCardStatus.FindSucceeded, new byte[4])),
            IdCardFrame.EncodeResponse(IdCardResponse.Of(IdCardStatus.Success, new byte[8])),
            CardSamples.ReadResponseFrame(CardSamples.Foreigner()),
        }.Select((frame, i) =>
        {
            var path = Path.Combine(Path.GetTempPath(), $"eid-frame-{Guid.NewGuid():N}-{i}.bin");
            File.WriteAllBytes(path, frame);
            return path;
        }).ToArray();
        try
        {
            await using var provider = new ServiceCollection()
                .AddSingleton<TimeProvider>(Clock)
                .AddEIdDocuments(o =>
                {
                    o.ReaderMode = IdCardReaderMode.Simulator;
                    foreach (var file in files)
                    {
                        o.SimulatorFrameFiles.Add(file);
                    }
                })
                .BuildServiceProvider();
            await provider.GetRequiredService<IAsyncStartupValidator>().ValidateAsync(TestContext.Current.CancellationToken);
            var document = (await provider.GetRequiredService<IDocumentReader>().ReadAsync(TestContext.Current.CancellationToken)).GetValueOrThrow();
            Assert.Equal(DocumentKind.ForeignPermanentResidenceCard, document.Kind);
            Assert.Equal("ERIKSSON ANNA MARIA", document.FullName);
        }
        finally
        {
            foreach (var file in files)
            {
                File.Delete(file);
            }
        }
    }

    [Fact]
    public async Task AddEIdDocuments_validates_options_on_start()
    {
        await using var serial = new ServiceCollection().AddEIdDocuments().BuildServiceProvider();
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => serial.GetRequiredService<IAsyncStartupValidator>().ValidateAsync(TestContext.Current.CancellationToken));
        Assert.Contains("SerialPortName is required", error.Message, StringComparison.Ordinal);

        await using var badBaud = new ServiceCollection().AddEIdDocuments(o => { o.SerialPortName = "/dev/ttyUSB0"; o.BaudRate = 1234; }).BuildServiceProvider();
        await Assert.ThrowsAsync<OptionsValidationException>(() => badBaud.GetRequiredService<IAsyncStartupValidator>().ValidateAsync(TestContext.Current.CancellationToken));

        await using var missing = new ServiceCollection().AddEIdDocuments(o => { o.ReaderMode = IdCardReaderMode.Simulator; o.SimulatorCardFile = "/no/such/card.json"; }).BuildServiceProvider();
        await Assert.ThrowsAsync<OptionsValidationException>(() => missing.GetRequiredService<IAsyncStartupValidator>().ValidateAsync(TestContext.Current.CancellationToken));

        await using var ok = new ServiceCollection().AddEIdDocuments(o => o.SerialPortName = "/dev/ttyUSB0").BuildServiceProvider();
        await ok.GetRequiredService<IAsyncStartupValidator>().ValidateAsync(TestContext.Current.CancellationToken);
        Assert.IsType<SerialIdCardTransport>(ok.GetRequiredService<IIdCardTransport>());
    }

    /// <summary>A stand-in "codec" for the plug-in point: real WLT decoders are licensed and cannot ship here.</summary>
    private sealed class LengthPrefixDecoder : IPortraitDecoder
    {
        public bool CanDecode(ImageFormat format) => format == ImageFormat.Wlt;

        public bool TryDecode(DocumentPortrait portrait, [NotNullWhen(true)] out DocumentPortrait? decoded)
        {
            byte[] bytes = [.. BitConverter.GetBytes(portrait.Data.Length), .. portrait.Data.Span];
            decoded = new DocumentPortrait(bytes, ImageFormat.Png);
            return true;
        }
    }
}
