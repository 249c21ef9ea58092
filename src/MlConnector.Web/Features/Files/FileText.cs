using System.Buffers;
using System.Text;
using System.Text.Unicode;

namespace MlConnector.Web.Features.Files;

/// <summary>Received bytes as text: UTF-8, with or without a byte order mark. Anything else is named, not guessed at.</summary>
internal static class FileText
{
    /// <summary>
    /// The text, or the reason it is not UTF-8 (by line and byte offset) together with a lossy reading a person can look at;
    /// a guess at another encoding could post wrong vendor names without anyone noticing.
    /// </summary>
    public static (string Text, FileRowError? Error) Decode(byte[] bytes)
    {
        var start = bytes.AsSpan().StartsWith(Encoding.UTF8.Preamble) ? Encoding.UTF8.Preamble.Length : 0;
        var chars = new char[bytes.Length - start];
        var status = Utf8.ToUtf16(bytes.AsSpan(start), chars, out var read, out var written, replaceInvalidSequences: false);
        if (status == OperationStatus.Done) return (new string(chars, 0, written), null);

        var offset = start + read;
        var line = 1 + bytes.AsSpan(0, offset).Count((byte)'\n');
        var lossy = Encoding.UTF8.GetString(bytes, start, bytes.Length - start);
        var utf16 = bytes.AsSpan().StartsWith((byte[])[0xFF, 0xFE]) || bytes.AsSpan().StartsWith((byte[])[0xFE, 0xFF]);
        return (lossy, new FileRowError(line, null, utf16
            ? "The file is UTF-16 text; export it as UTF-8."
            : $"The file is not UTF-8 text: byte 0x{bytes[offset]:X2} at offset {offset} is not valid there. Export the file as UTF-8."));
    }
}
