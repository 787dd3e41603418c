namespace ClawBot.Simulator.Cdn;

/// <summary>What getuploadurl promised: the CDN upload is checked against it (SIM-16).</summary>
public sealed record PendingUpload(
    string UploadParam, string FileKey, byte[] AesKey, long RawSize, string RawMd5, long FileSize, int MediaType, string BotId,
    bool Thumbnail = false)
{
    /// <summary>Set by the first successful upload; retries of the same upload get the same download param.</summary>
    public string? DownloadParam { get; set; }
}
