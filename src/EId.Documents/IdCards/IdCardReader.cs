using EId.Documents.Portraits;
using EId.Documents.Transport;
using EId.Privacy;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace EId.Documents.IdCards;

/// <summary>
/// Reads a resident ID card (or foreigner's permanent residence card) through a GA 467 reader:
/// find card → select card → read base information, then checks and maps the data. The WLT photo is
/// kept as is unless an <see cref="IPortraitDecoder"/> is registered.
/// </summary>
public sealed partial class IdCardReader : IDocumentReader
{
    private readonly IIdCardTransport _transport;
    private readonly TimeProvider _timeProvider;
    private readonly IPortraitDecoder[] _decoders;
    private readonly ILogger<IdCardReader> _logger;

    /// <summary>Creates a reader over <paramref name="transport"/>.</summary>
    /// <param name="transport">The frame transport (serial, simulator).</param>
    /// <param name="timeProvider">Clock for the birth-date checks; system clock when null.</param>
    /// <param name="portraitDecoders">Decoders applied to the portrait; none when null.</param>
    /// <param name="logger">Logger; nothing logged when null.</param>
    public IdCardReader(IIdCardTransport transport, TimeProvider? timeProvider = null, IEnumerable<IPortraitDecoder>? portraitDecoders = null, ILogger<IdCardReader>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(transport);
        _transport = transport;
        _timeProvider = timeProvider ?? TimeProvider.System;
        _decoders = portraitDecoders?.ToArray() ?? [];
        _logger = logger ?? NullLogger<IdCardReader>.Instance;
    }

    /// <inheritdoc />
    public async ValueTask<Result<IdentityDocument, Failure<DocumentReadError>>> ReadAsync(CancellationToken cancellationToken = default)
    {
        var find = await _transport.ExchangeAsync(IdCardCommand.FindCard, cancellationToken).ConfigureAwait(false);
        if (!find.IsSuccess)
        {
            return Logged(find.Error);
        }

        if (find.Value.Status != IdCardStatus.FindSucceeded)
        {
            return Logged(find.Value.Status == IdCardStatus.FindFailed
                ? new Failure<DocumentReadError>(DocumentReadError.NoDocument, "No card on the reader.")
                : StatusFailure("find card", find.Value.Status));
        }

        var select = await _transport.ExchangeAsync(IdCardCommand.SelectCard, cancellationToken).ConfigureAwait(false);
        if (!select.IsSuccess)
        {
            return Logged(select.Error);
        }

        if (select.Value.Status != IdCardStatus.Success)
        {
            return Logged(StatusFailure("select card", select.Value.Status));
        }

        var read = await _transport.ExchangeAsync(IdCardCommand.ReadBaseInfo, cancellationToken).ConfigureAwait(false);
        if (!read.IsSuccess)
        {
            return Logged(read.Error);
        }

        if (read.Value.Status != IdCardStatus.Success)
        {
            return Logged(StatusFailure("read base information", read.Value.Status));
        }

        var document = Decode(read.Value, DateOnly.FromDateTime(_timeProvider.GetLocalNow().DateTime));
        if (!document.IsSuccess)
        {
            return Logged(document.Error);
        }

        var result = ApplyDecoders(document.Value);
        LogRead(_logger, result.Kind, PiiMask.IdNumber(result.IdNumber));
        return result;
    }

    /// <summary>Decodes a read-base-information response into a document (used by tools that hold a recorded frame).</summary>
    /// <param name="response">A response with status <see cref="IdCardStatus.Success"/>.</param>
    /// <param name="today">Reference date for the birth-date checks.</param>
    /// <returns>The document, or <see cref="DocumentReadError.InvalidData"/> naming what is wrong.</returns>
    public static Result<IdentityDocument, Failure<DocumentReadError>> Decode(IdCardResponse response, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(response);
        if (response.Status != IdCardStatus.Success)
        {
            return StatusFailure("read base information", response.Status);
        }

        var info = IdCardBaseInfo.Parse(response.Data.Span);
        if (!info.IsSuccess)
        {
            return new Failure<DocumentReadError>(DocumentReadError.InvalidData, $"{info.Error.Reason}: {info.Error.Message}");
        }

        var document = info.Value.ToIdentityDocument(today);
        return document.IsSuccess
            ? document.Value
            : new Failure<DocumentReadError>(DocumentReadError.InvalidData, $"{document.Error.Reason}: {document.Error.Message}");
    }

    private IdentityDocument ApplyDecoders(IdentityDocument document)
    {
        if (document.Portrait is not { } portrait)
        {
            return document;
        }

        foreach (var decoder in _decoders)
        {
            if (decoder.CanDecode(portrait.Format) && decoder.TryDecode(portrait, out var decoded))
            {
                return document with { Portrait = decoded };
            }
        }

        return document;
    }

    private static Failure<DocumentReadError> StatusFailure(string step, IdCardStatus status) =>
        new(DocumentReadError.ReaderError, $"The reader refused to {step}: status {(byte)status:X2} ({status}).");

    private Failure<DocumentReadError> Logged(Failure<DocumentReadError> failure)
    {
        LogFailure(_logger, failure.Reason, failure.Message);
        return failure;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Read {Kind} {MaskedIdNumber}")]
    private static partial void LogRead(ILogger logger, DocumentKind kind, string maskedIdNumber);

    [LoggerMessage(Level = LogLevel.Warning, Message = "ID card read failed: {Reason}: {Detail}")]
    private static partial void LogFailure(ILogger logger, DocumentReadError reason, string detail);
}
