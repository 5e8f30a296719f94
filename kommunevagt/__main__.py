from kommunevagt.cli import main

main()
