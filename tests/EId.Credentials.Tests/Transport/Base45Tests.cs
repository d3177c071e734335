using System.Text;
using EId.Credentials.Transport;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace EId.Credentials.Tests.Transport;

public sealed class Base45Tests
{
    [Theory]
    [InlineData("AB", "BB8")]
    [InlineData("Hello!!", "%69 VD92EX0")]
    [InlineData("base-45", "UJCLQE7W581")]
    [InlineData("ietf!", "QED8WEX0")]
    [InlineData("", "")]
    public void Rfc9285_examples_encode_and_decode(string plain, string encoded)
    {
        Assert.Equal(encoded, Base45.Encode(Encoding.ASCII.GetBytes(plain)));
        Assert.True(Base45.TryDecode(encoded, out var decoded));
        Assert.Equal(plain, Encoding.ASCII.GetString(decoded));
    }

    [Theory]
    [InlineData("GGW")] // 65536: does not fit two bytes (RFC 9285 §6)
    [InlineData("ZZZ")]
    [InlineData("A")] // dangling single character
    [InlineData("abc")] // lower case is not in the alphabet
    [InlineData("BB8é")]
    [InlineData(":Z")] // 44 + 35*45 > 255
    public void Invalid_text_is_rejected(string text) => Assert.False(Base45.TryDecode(text, out _));

    [Property]
    public Property Round_trip(byte[] data) =>
        (Base45.TryDecode(Base45.Encode(data), out var back) && back.AsSpan().SequenceEqual(data)).ToProperty();

    [Property]
    public Property Random_text_never_throws(string text)
    {
        var ok = Base45.TryDecode(text ?? string.Empty, out var data);
        return (ok || data.Length == 0).ToProperty();
    }

    [Property]
    public Property Output_uses_only_the_qr_alphanumeric_alphabet(byte[] data) =>
        Base45.Encode(data).All(c => "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:".Contains(c, StringComparison.Ordinal)).ToProperty();
}
