using EId.Documents.IdCards;

namespace EId.Documents.Transport;

/// <summary>Carries GA 467 frames to a card reader and back (serial port, simulator, recording).</summary>
public interface IIdCardTransport
{
    /// <summary>Sends one command frame and receives its response frame.</summary>
    /// <param name="command">The command.</param>
    /// <param name="cancellationToken">Cancels the exchange.</param>
    /// <returns>The decoded response, or <see cref="DocumentReadError.Timeout"/>, <see cref="DocumentReadError.BadFrame"/> or <see cref="DocumentReadError.Unavailable"/>.</returns>
    ValueTask<Result<IdCardResponse, Failure<DocumentReadError>>> ExchangeAsync(IdCardCommand command, CancellationToken cancellationToken = default);
}
