@echo off
rem The trunking provider plugin of pulumi-trunking (see pulumi-resource-trunking).
node "%~dp0dist\provider\plugin\main.js" %*
