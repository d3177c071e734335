namespace EId.Documents.IdCards;

/// <summary>The reader's own status byte (SW3) in a GA 467 response frame.</summary>
public enum IdCardStatus : byte
{
    /// <summary>0x90: operation succeeded.</summary>
    Success = 0x90,

    /// <summary>0x9F: find card succeeded (data: the card's IIN).</summary>
    FindSucceeded = 0x9F,

    /// <summary>0x10: the reader received a command with a bad checksum.</summary>
    CommandChecksumError = 0x10,

    /// <summary>0x11: the reader received a command with a bad length.</summary>
    CommandLengthError = 0x11,

    /// <summary>0x21: the reader received an invalid command (values or their combination).</summary>
    CommandError = 0x21,

    /// <summary>0x23: unauthorised operation.</summary>
    Unauthorized = 0x23,

    /// <summary>0x24: unrecognised error.</summary>
    UnknownError = 0x24,

    /// <summary>0x31: the card failed to authenticate the reader.</summary>
    CardAuthenticatingReaderFailed = 0x31,

    /// <summary>0x32: the reader failed to authenticate the card.</summary>
    ReaderAuthenticatingCardFailed = 0x32,

    /// <summary>0x33: information verification error.</summary>
    VerificationError = 0x33,

    /// <summary>0x40: wrong card type.</summary>
    WrongCard = 0x40,

    /// <summary>0x41: reading the card failed.</summary>
    ReadFailed = 0x41,

    /// <summary>0x47: getting a random number failed.</summary>
    RandomFailed = 0x47,

    /// <summary>0x60: the reader's self-test failed; it accepts no command.</summary>
    SelfTestFailed = 0x60,

    /// <summary>0x66: the reader is not authorised for use.</summary>
    ReaderNotAuthorized = 0x66,

    /// <summary>0x80: find card failed (no card on the reader).</summary>
    FindFailed = 0x80,

    /// <summary>0x81: select card failed.</summary>
    SelectFailed = 0x81,

    /// <summary>0x91: the card holds no content for this item (e.g. no additional address).</summary>
    NoContent = 0x91,
}
