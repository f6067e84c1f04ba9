using System.Globalization;

namespace QuasiProperty;

/// <summary>
/// One thing wrong (or worth a warning) in an input or rule file, located as
/// <c>file:line: field: what is wrong</c> so that editors and people can jump to it.
/// </summary>
/// <param name="File">The file as the user named it (its path under the data or rules folder).</param>
/// <param name="Line">1-based line in the file; 0 when the problem is about the whole file.</param>
/// <param name="Field">The column or rule field concerned, or <c>file</c>.</param>
/// <param name="Message">What is wrong and, where it helps, what is allowed.</param>
public sealed record InputProblem(string File, long Line, string Field, string Message)
{
    public override string ToString() =>
        Line > 0
            ? string.Create(CultureInfo.InvariantCulture, $"{File}:{Line}: {Field}: {Message}")
            : $"{File}: {Field}: {Message}";
}
