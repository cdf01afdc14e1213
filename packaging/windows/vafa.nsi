; The vafa till's Windows installer, built on Linux with Debian's nsis by .ci/package:
;   makensis -DVERSION=0.1.0 -DEXE=target/x86_64-pc-windows-gnu/dist/vafa.exe \
;            -DLAUNCHER=target/x86_64-pc-windows-gnu/dist/vafaw.exe -DFONTS=assets/fonts -DOUTFILE=target/package/vafa-0.1.0-setup.exe packaging/windows/vafa.nsi
; Installs vafa.exe, its launcher vafaw.exe and the Vazirmatn font (with its licence) to Program Files, a Start-menu
; entry and an uninstaller. The shop's data lives in each user's %APPDATA%\vafa and is never
; touched by the installer or the uninstaller.
Unicode true
; 64-bit installer stub: without it the installer is a 32-bit program.
Target amd64-unicode
SetCompressor /SOLID lzma
; Reproducible: do not store the files' modification times.
SetDateSave off

!include "MUI2.nsh"
!include "x64.nsh"

!ifndef VERSION | EXE | LAUNCHER | FONTS | OUTFILE
  !error "pass -DVERSION= -DEXE= -DLAUNCHER= -DFONTS= -DOUTFILE="
!endif

Name "vafa"
OutFile "${OUTFILE}"
InstallDir "$PROGRAMFILES64\vafa"
InstallDirRegKey HKLM "Software\vafa" "InstallDir"
RequestExecutionLevel admin
BrandingText "vafa ${VERSION}"

!define UNINST_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\vafa"

!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES
!insertmacro MUI_LANGUAGE "Farsi"
!insertmacro MUI_LANGUAGE "English"

Section "vafa"
  SetShellVarContext all
  SetOutPath "$INSTDIR"
  File "/oname=vafa.exe" "${EXE}"
  File "/oname=vafaw.exe" "${LAUNCHER}"
  SetOutPath "$INSTDIR\fonts"
  File "${FONTS}\Vazirmatn-Regular.ttf"
  File "${FONTS}\Vazirmatn-Bold.ttf"
  File "${FONTS}\OFL.txt"
  SetOutPath "$INSTDIR"
  WriteUninstaller "$INSTDIR\uninstall.exe"

  ; vafa.exe is a console program (so that `vafa --help` prints in cmd); the Start-menu
  ; entry is vafaw.exe, a GUI-subsystem launcher that runs it without a console window,
  ; so the cashier sees the till window only.
  CreateDirectory "$SMPROGRAMS\vafa"
  CreateShortcut "$SMPROGRAMS\vafa\vafa.lnk" "$INSTDIR\vafaw.exe" "" "$INSTDIR\vafa.exe" 0
  CreateShortcut "$SMPROGRAMS\vafa\Uninstall vafa.lnk" "$INSTDIR\uninstall.exe"

  WriteRegStr HKLM "Software\vafa" "InstallDir" "$INSTDIR"
  WriteRegStr HKLM "${UNINST_KEY}" "DisplayName" "vafa"
  WriteRegStr HKLM "${UNINST_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKLM "${UNINST_KEY}" "Publisher" "the vafa authors"
  WriteRegStr HKLM "${UNINST_KEY}" "DisplayIcon" "$INSTDIR\vafa.exe"
  WriteRegStr HKLM "${UNINST_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKLM "${UNINST_KEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegStr HKLM "${UNINST_KEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /S'
  WriteRegDWORD HKLM "${UNINST_KEY}" "NoModify" 1
  WriteRegDWORD HKLM "${UNINST_KEY}" "NoRepair" 1
SectionEnd

; Removes the program, its shortcuts and registry keys, and nothing else: each user's
; %APPDATA%\vafa (the shop's database and backups) stays. ($APPDATA here would be
; ProgramData under SetShellVarContext all; it is deliberately never named.)
Section "Uninstall"
  SetShellVarContext all
  Delete "$INSTDIR\vafa.exe"
  Delete "$INSTDIR\vafaw.exe"
  Delete "$INSTDIR\fonts\Vazirmatn-Regular.ttf"
  Delete "$INSTDIR\fonts\Vazirmatn-Bold.ttf"
  Delete "$INSTDIR\fonts\OFL.txt"
  RMDir "$INSTDIR\fonts"
  Delete "$INSTDIR\uninstall.exe"
  RMDir "$INSTDIR"
  Delete "$SMPROGRAMS\vafa\vafa.lnk"
  Delete "$SMPROGRAMS\vafa\Uninstall vafa.lnk"
  RMDir "$SMPROGRAMS\vafa"
  DeleteRegKey HKLM "${UNINST_KEY}"
  DeleteRegKey HKLM "Software\vafa"
SectionEnd
