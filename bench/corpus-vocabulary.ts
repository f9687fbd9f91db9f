/** Names and fragments that Windows process-creation detections are made of. */
export const IMAGES = [
  'sc.exe', 'net.exe', 'net1.exe', 'powershell.exe', 'pwsh.exe', 'cmd.exe', 'rundll32.exe', 'regsvr32.exe',
  'mshta.exe', 'certutil.exe', 'wmic.exe', 'schtasks.exe', 'bitsadmin.exe', 'reg.exe', 'vssadmin.exe',
  'wevtutil.exe', 'bcdedit.exe', 'netsh.exe', 'taskkill.exe', 'msiexec.exe', 'cscript.exe', 'wscript.exe',
  'explorer.exe', 'svchost.exe', 'chrome.exe', 'outlook.exe', 'winword.exe', 'excel.exe', 'notepad.exe',
];
export const FOLDERS = [
  'C:\\Windows\\System32\\', 'C:\\Windows\\SysWOW64\\', 'C:\\Users\\Public\\', 'C:\\ProgramData\\',
  'C:\\Users\\alice\\AppData\\Local\\Temp\\', 'C:\\Program Files\\Common Files\\',
];
export const COMMAND_FRAGMENTS = [
  'stop', 'config', 'delete', '/c', '-enc', '-EncodedCommand', 'DownloadString', 'Invoke-Expression', 'IEX',
  'urlcache', '-decode', '/create', '/sc minute', 'shadowcopy', 'delete shadows', '/quiet', 'cl System',
  'set-mppreference', 'DisableRealtimeMonitoring', 'advfirewall', 'bypass', '-nop', 'hidden', 'start=',
  'disabled', 'WinDefend', 'vss', 'MSSQLSERVER', 'http://', '.ps1', '.dll,', 'javascript:', 'scrobj.dll',
];
export const USERS = ['alice', 'bob', 'SYSTEM', 'svc_backup', 'admin', 'LOCAL SERVICE'];
export const HOSTS = ['ws-001', 'ws-002', 'srv-db-01', 'srv-file-02', 'dc-01', 'laptop-17'];
export const REGISTRY_KEYS = [
  'SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Run', 'SOFTWARE\\Policies\\Microsoft\\Windows Defender',
  'SYSTEM\\CurrentControlSet\\Services', 'SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\Image File Execution Options',
  'SYSTEM\\CurrentControlSet\\Control\\Lsa', 'SOFTWARE\\Classes\\ms-settings\\shell\\open\\command',
];
export const REGISTRY_VALUES = ['DisableAntiSpyware', 'Debugger', 'Start', 'ImagePath', 'RunAsPPL', 'DelegateExecute', 'Shell'];
