namespace Switchboard.Server.Tests.Errors;

/// <summary>A stream that will not say how long it is, so HttpClient sends it chunked, without a Content-Length.</summary>
internal sealed class UnknownLengthStream(byte[] bytes) : MemoryStream(bytes)
{
    public override bool CanSeek => false;
}
