; Inno Setup script: the Windows setup program for CSO Desktop (Inno Setup 6.3 or newer).
;
; Build the one-folder app first (PyInstaller on Windows, see installer/README.md), then from the
; repository root:
;     iscc /DAppVersion=0.1.0 installer\cso_desktop.iss
; The setup program lands in dist\cso-desktop-<version>-setup.exe.
;
; It installs for the current user only (no administrator rights needed) into
; %LOCALAPPDATA%\Programs\CSO Desktop, adds a Start-menu shortcut and an uninstaller.
; The organisation files, settings and logs live elsewhere (%LOCALAPPDATA%\CSO Desktop and
; %LOCALAPPDATA%\cso-desktop) and are never removed by the uninstaller.

#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif
#define AppName "CSO Desktop"
#define AppExe "cso-desktop.exe"

[Setup]
; The AppId identifies the app to Windows across versions: never change it.
AppId={{7D2F1EF7-440D-46A8-AB90-393A0234A116}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=CSO Desktop contributors
VersionInfoVersion={#AppVersion}
; Per-user installation: {autopf} is %LOCALAPPDATA%\Programs when installing without admin rights.
PrivilegesRequired=lowest
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
UsePreviousAppDir=yes
UninstallDisplayName={#AppName}
UninstallDisplayIcon={app}\{#AppExe}
; Qt 6 runs on 64-bit Windows 10 and newer.
MinVersion=10.0
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
CloseApplications=yes
RestartApplications=no
WizardStyle=modern
Compression=lzma2/max
SolidCompression=yes
SourceDir=..
OutputDir=dist
OutputBaseFilename=cso-desktop-{#AppVersion}-setup

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"
Name: "russian"; MessagesFile: "compiler:Languages\Russian.isl"

[CustomMessages]
english.DataKept=Your organisation files, settings and logs were kept in:%n%1%n%2%nDelete these folders yourself if you no longer need them.
russian.DataKept=Файлы организации, настройки и журналы сохранены в папках:%n%1%n%2%nУдалите их сами, если они больше не нужны.

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
; The whole PyInstaller folder: cso-desktop.exe (the window), cso-desktop-cli.exe (the terminal
; commands) and _internal\.
Source: "dist\cso-desktop\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExe}"; WorkingDir: "{userdocs}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; WorkingDir: "{userdocs}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent

; No [UninstallDelete] entries: the uninstaller removes only what this setup installed in {app},
; so the data folders below survive uninstalling and upgrading.

[Code]
procedure CurUninstallStepChanged(CurUninstallStep: TUninstallStep);
begin
  if (CurUninstallStep = usPostUninstall) and not UninstallSilent then
    MsgBox(FmtMessage(CustomMessage('DataKept'),
      [ExpandConstant('{localappdata}\CSO Desktop'), ExpandConstant('{localappdata}\cso-desktop')]),
      mbInformation, MB_OK);
end;
