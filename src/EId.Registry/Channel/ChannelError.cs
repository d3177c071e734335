namespace EId.Registry.Channel;

/// <summary>Why a sealed message was refused.</summary>
public enum ChannelError
{
    /// <summary>The bytes are not a sealed message of this protocol (too short, wrong kind).</summary>
    Malformed = 1,

    /// <summary>The protocol version is not supported.</summary>
    UnsupportedVersion = 2,

    /// <summary>The sender's static key is not pinned here.</summary>
    UnknownPeer = 3,

    /// <summary>The timestamp is outside the accepted window.</summary>
    StaleTimestamp = 4,

    /// <summary>The message id was already accepted once.</summary>
    Replayed = 5,

    /// <summary>Authentication failed: tampered bytes, wrong key, or another route.</summary>
    BadSeal = 6,

    /// <summary>The response answers another request.</summary>
    WrongRequest = 7,

    /// <summary>The replay cache is full; the server fails closed until entries expire.</summary>
    Overloaded = 8,
}
