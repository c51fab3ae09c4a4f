using System.Buffers;
using System.Text;
using System.Text.Unicode;
using Infra.GitOps.Model;

namespace Infra.GitOps.Loading;

/// <summary>
/// Checks a file's bytes and decodes them: UTF-8 only (a BOM is accepted and dropped), no NUL byte (binary
/// files), invalid sequences reported at the line of their byte offset.
/// </summary>
internal static class SourceDecoder
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);

    /// <summary>The text, or null after adding a diagnostic.</summary>
    public static string? Decode(string path, byte[] bytes, List<Diagnostic> diagnostics)
    {
        ReadOnlySpan<byte> span = bytes;
        if (span.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            span = span[3..];
        }

        var offset = bytes.Length - span.Length;
        var nul = span.IndexOf((byte)0);
        if (nul >= 0)
        {
            diagnostics.Add(Diagnostic.Error(DiagnosticMessages.BinaryFileCode, DiagnosticMessages.Format(DiagnosticMessages.BinaryFile, nul + offset), LocationOf(path, bytes, nul + offset)));
            return null;
        }

        if (!System.Text.Unicode.Utf8.IsValid(span))
        {
            var invalid = FindInvalid(span) + offset;
            diagnostics.Add(Diagnostic.Error(DiagnosticMessages.InvalidUtf8Code, DiagnosticMessages.Format(DiagnosticMessages.InvalidUtf8, invalid), LocationOf(path, bytes, invalid)));
            return null;
        }

        return Utf8.GetString(span);
    }

    private static int FindInvalid(ReadOnlySpan<byte> span)
    {
        var buffer = ArrayPool<char>.Shared.Rent(4096);
        try
        {
            var consumed = 0;
            while (true)
            {
                var status = System.Text.Unicode.Utf8.ToUtf16(span[consumed..], buffer, out var read, out _, replaceInvalidSequences: false, isFinalBlock: true);
                consumed += read;
                if (status != OperationStatus.DestinationTooSmall)
                {
                    return consumed;
                }
            }
        }
        finally
        {
            ArrayPool<char>.Shared.Return(buffer);
        }
    }

    /// <summary>The 1-based line and column (in bytes) of a byte offset.</summary>
    private static SourceLocation LocationOf(string path, byte[] bytes, int offset)
    {
        var before = bytes.AsSpan(0, offset);
        var line = before.Count((byte)'\n') + 1;
        var lineStart = before.LastIndexOf((byte)'\n') + 1;
        return new SourceLocation(path, line, offset - lineStart + 1);
    }
}
