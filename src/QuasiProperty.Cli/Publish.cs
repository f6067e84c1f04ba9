namespace QuasiProperty.Cli;

internal static class Publish
{
    /// <summary>
    /// Issues an output (a folder, the database's record); false, with the reason printed, when it cannot be
    /// written, in which case nothing of it is: a folder is staged and moved into place only when complete.
    /// </summary>
    public static bool Output(TextWriter error, string folder, Action issue)
    {
        try
        {
            issue();
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"qp: cannot write {folder}: {e.Message}");
            return false;
        }
        catch (InvalidInputException e)
        {
            // A document that could not be rendered whole: nothing of the folder is written or signed.
            Report.Rejected(error, e);
            return false;
        }
    }

    /// <summary>Writes an output folder all at once (<see cref="Outputs.OutputFolder.Publish"/>); false, with the reason printed, when it cannot.</summary>
    public static bool Folder(TextWriter error, string folder, Action<string> writeInto) =>
        Output(error, folder, () => Outputs.OutputFolder.Publish(folder, writeInto));
}
