namespace EId.Documents;

/// <summary>Reads one identity document from a device (card reader, MRZ scanner, simulator).</summary>
public interface IDocumentReader
{
    /// <summary>Reads the document currently presented.</summary>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The document, or a typed failure (no card, timeout, bad frame…).</returns>
    ValueTask<Result<IdentityDocument, Failure<DocumentReadError>>> ReadAsync(CancellationToken cancellationToken = default);
}
